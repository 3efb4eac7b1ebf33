"""Independently written hold-out corpus for the PHI guard.

This module was written from the product requirements alone, without reading the guard's
implementation, its own corpus or its tests, so that it measures the guard honestly rather than
echoing the cases the guard was tuned on.

It defines exactly two public lists of strings:

* ``HOLDOUT_CLEAN`` -- realistic, PHI-free support-request texts (subjects, descriptions and
  replies) that clinic staff and their outside IT technicians write. They are full of ordinary
  IT details that must *not* be flagged: IPv4/IPv6 addresses, hostnames, vendor portal URLs, the
  practice's own phone/fax numbers and staff e-mail addresses, serial numbers, asset tags, MAC
  addresses, licence keys, ticket/invoice/PO numbers, vendor account numbers, outage dates and
  times, version numbers, error codes and extensions, plus words like "patients are waiting" or
  "patient portal" used in the operational sense (no individual patient identified). Doctors'
  and staff members' names are not PHI.
* ``HOLDOUT_PHI`` -- texts that each contain at least one HIPAA Safe Harbor identifier
  (45 CFR 164.514(b)(2)) of a patient or a patient's relative: SSNs, labelled medical record
  numbers, dates of birth near a patient cue, health-plan member/subscriber/policy IDs and
  Medicare MBIs, patient account numbers, payment card numbers, patients' names with a cue,
  patients' phone numbers/e-mails/street addresses stated as theirs, and ages over 89.

All data is fictional or reserved: 555-01xx phone numbers, example.com/.org/.net domains,
RFC 5737 / RFC 3849 / private IP ranges, SSNs 987-65-4320..987-65-4329 and well-known test card
numbers that pass the Luhn check. Part of each list is hand-written; the rest is produced from
many templates with a fixed seed, so the lists are identical on every import.
"""

import random
import re
import string
from collections.abc import Callable, Sequence

_Pool = Sequence[str] | Callable[[random.Random], str]
_Derive = Callable[[random.Random, dict[str, str]], None]

_FORMATTER = string.Formatter()


def _fill(
    rng: random.Random,
    template: str,
    pools: dict[str, _Pool],
    derive: _Derive | None = None,
) -> str:
    """Fill ``{field}`` placeholders; ``field2`` draws again from the ``field`` pool."""
    fields = list(dict.fromkeys(f for _, f, _, _ in _FORMATTER.parse(template) if f))
    values: dict[str, str] = {}
    for field in fields:
        pool = pools[field] if field in pools else pools[re.sub(r"\d+$", "", field)]
        values[field] = pool(rng) if callable(pool) else rng.choice(pool)
    if derive is not None:
        derive(rng, values)
    return template.format(**values)


def _generate(
    seed: int,
    fixed: Sequence[str],
    templates: Sequence[str],
    pools: dict[str, _Pool],
    target: int,
    derive: _Derive | None = None,
) -> list[str]:
    """Hand-written texts first, then templates round-robin until ``target`` unique texts."""
    rng = random.Random(seed)
    out: dict[str, None] = dict.fromkeys(fixed)
    for _ in range(100):
        for template in templates:
            if len(out) >= target:
                return list(out)
            out.setdefault(_fill(rng, template, pools, derive))
    raise RuntimeError("templates cannot produce enough distinct texts")


# --------------------------------------------------------------------------- shared generators

_AREA_CODES = ("503", "312", "617", "720", "415", "206", "713", "404", "602", "919")


def _phone(rng: random.Random) -> str:
    area = rng.choice(_AREA_CODES)
    line = f"01{rng.randint(0, 99):02d}"
    fmt = rng.choice(("({a}) 555-{n}", "{a}-555-{n}", "{a}.555.{n}", "+1 {a} 555 {n}"))
    return fmt.format(a=area, n=line)


def _date(rng: random.Random) -> str:
    year = rng.choice((2023, 2024, 2024, 2025))
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    months = (
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        if rng.random() < 0.5
        else [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
    choice = rng.randint(0, 7)
    if choice == 0:
        return f"{month}/{day}"
    if choice == 1:
        return f"{month:02d}/{day:02d}/{year}"
    if choice == 2:
        return f"{year}-{month:02d}-{day:02d}"
    if choice == 3:
        return f"{months[month - 1]} {day}"
    if choice == 4:
        return f"{months[month - 1]} {day}, {year}"
    if choice == 5:
        return f"{month}/{day}/{year % 100:02d}"
    return rng.choice(
        ("yesterday", "this morning", "last Friday", "Monday", "over the weekend", "today")
    )


def _time(rng: random.Random) -> str:
    hour = rng.randint(7, 18)
    minute = rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    if rng.random() < 0.4:
        return f"{hour:02d}:{minute:02d}"
    suffix = "am" if hour < 12 else "pm"
    h12 = hour if hour <= 12 else hour - 12
    return rng.choice((f"{h12}:{minute:02d}{suffix}", f"around {h12}{suffix}"))


def _private_ip(rng: random.Random) -> str:
    prefix = rng.choice(
        ("192.168.1.", "192.168.10.", "192.168.20.", "10.0.0.", "10.10.5.", "10.1.1.", "172.16.4.")
    )
    return f"{prefix}{rng.randint(2, 254)}"


def _public_ip(rng: random.Random) -> str:
    prefix = rng.choice(("192.0.2.", "198.51.100.", "203.0.113."))
    return f"{prefix}{rng.randint(1, 254)}"


def _ipv6(rng: random.Random) -> str:
    a, b, c = (f"{rng.randint(1, 0xFFFF):x}" for _ in range(3))
    return rng.choice(
        (f"2001:db8:{a}::{b}", f"2001:db8:{a}:{b}::{c}", f"fe80::{a}:{b}ff:fe{c[:2]}:1")
    )


def _mac(rng: random.Random) -> str:
    octets = [f"{rng.randint(0, 255):02x}" for _ in range(6)]
    style = rng.randint(0, 3)
    if style == 0:
        return ":".join(octets).upper()
    if style == 1:
        return ":".join(octets)
    if style == 2:
        return "-".join(octets)
    flat = "".join(octets)
    return f"{flat[0:4]}.{flat[4:8]}.{flat[8:12]}"


_ALNUM = string.ascii_uppercase + string.digits


def _serial(rng: random.Random) -> str:
    style = rng.randint(0, 4)
    if style == 0:
        return rng.choice(("CNB", "VNB", "PHB", "5CG", "CND")) + "".join(
            rng.choice(_ALNUM) for _ in range(7)
        )
    if style == 1:
        return f"U{rng.randint(10000, 99999)}K{rng.randint(1, 9)}N{rng.randint(100000, 999999)}"
    if style == 2:
        return f"{rng.choice('CDEFGJ')}{rng.randint(1000000000, 9999999999)}"
    if style == 3:
        return "".join(rng.choice(_ALNUM) for _ in range(12))
    return f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}"


def _license(rng: random.Random) -> str:
    groups = rng.choice((5, 4))
    size = 5 if groups == 5 else 4
    return "-".join("".join(rng.choice(_ALNUM) for _ in range(size)) for _ in range(groups))


def _digits(n: int) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        return "".join(rng.choice(string.digits) for _ in range(n))

    return make


# --------------------------------------------------------------------------- clean texts


def _clean_texts() -> list[str]:
    fixed = [
        (
            "Front desk PC (FRONTDESK-PC02) won't boot, just shows a blinking cursor. Patients are "
            "waiting to check in, please call 503-555-0100."
        ),
        (
            "internet down at the Lakeview office since 7:50am. Comcast says there's an outage in "
            "the area, their ticket is 0093381. can you confirm our failover kicked in?"
        ),
        (
            "The label printer at check-in (Zebra ZD421, serial D4J221803117) keeps printing blank "
            "labels."
        ),
        (
            "Need a new user set up for our new hygienist starting Monday 6/3. Her email will be "
            "kelly.nguyen@example.org."
        ),
        (
            "Dentrix keeps throwing error 'Unable to connect to database server DXSRV01' on ops 3 "
            "and 4. Started after last night's update to G7.3."
        ),
        (
            "hey guys, the patient portal is showing a 502 bad gateway again. Patients have been "
            "calling all morning about it."
        ),
        (
            "Please whitelist 203.0.113.25 on the firewall, it's the lab interface vendor's new "
            "SFTP server."
        ),
        (
            "Our fax line 503-555-0147 isn't receiving. Sending works fine. Can you check the eFax "
            "settings?"
        ),
        "Can you renew the SSL cert for portal.example.com? Browser says it expires 07/15/2024.",
        (
            "The check-in kiosk in the lobby froze again, patients had to line up at the desk. "
            "It's the Surface Go with asset tag RFM-KS-002."
        ),
        (
            "Dr. Patel's laptop won't connect to VPN from home, she gets error 809. She's on "
            "Windows 11 23H2."
        ),
        (
            "Toner low on the Ricoh in the back hallway. Model MP 2555, serial C7859300142. We "
            "have a PO ready: PO-2024-0413."
        ),
        (
            "Phones are ringing but nobody can pick up - the Yealink handsets show 'No Service'. "
            "Main number is (617) 555-0199. This is urgent, patient care is affected."
        ),
        "Please add Tom from billing to the shared mailbox billing@example.com.",
        (
            "wifi in exam room 4 keeps dropping. AP is the one mounted over the door, MAC "
            "3c:52:82:a1:09:ff."
        ),
        (
            "Invoice INV-20931 from you guys lists 14 workstations but we only have 12. Can "
            "someone check?"
        ),
        (
            "our DOB field on the new online intake form won't accept anything before 1950, says "
            "invalid format. can you check the form config?"
        ),
        "The MRN column is cut off on the daily schedule report in eCW. Can we make it wider?",
        (
            "Scanner at front desk (Fujitsu fi-7160) is scanning insurance cards sideways. Driver "
            "version 3.2.1."
        ),
        (
            "Spectrum outage on Tuesday 5/21 from 10:15 to 11:40am. Can you ask them for a credit? "
            "Our account number is 8353 10 012 0456789."
        ),
        (
            "Hi, just a heads up that the power company is doing maintenance Saturday June 8 from "
            "6am to noon. Please make sure the server shuts down cleanly."
        ),
        (
            "The x-ray sensor on op 2 isn't detected. Schick 33 sensor, serial 1J0443921. Dr. Chen "
            "has patients back-to-back all afternoon."
        ),
        (
            "Need Office installed on the new reception laptop, Dell Latitude 5440 service tag "
            "7XK2L53."
        ),
        (
            "Can't print from athenaOne to the HP in the nurses station, prints everything else "
            "fine. Printer IP is 192.168.1.45."
        ),
        (
            "Please reset the password for nurse.kim@example.org, she's locked out after too many "
            "tries."
        ),
        "UPS in the server closet beeping nonstop. APC Smart-UPS 1500, serial AS1934123456.",
        (
            "DNS is resolving ehr.example.com to the old address 198.51.100.12 instead of "
            "198.51.100.40, can you flush/update?"
        ),
        "We need ext 214 moved to the new front desk phone, MAC 80:5E:C0:12:34:56.",
        (
            "Windows on the billing PC says it's not genuine. Key on the sticker is "
            "QXR4T-88KJD-2M9PL-WQ7HN-6TZ3F."
        ),
        "Just fyi the chart room door badge reader is offline, the controller is at 10.10.5.20.",
        (
            "When we open a patient's chart in Open Dental it takes 30+ seconds. Started last "
            "week. Server is DENTSRV (10.0.0.10)."
        ),
        (
            "patients can't log into the portal with the new 2FA, they get 'code expired' "
            "immediately. Support url we were given: https://help.example.net/kb/2fa-expired"
        ),
        (
            "The scheduling screen shows tomorrow's patients twice. Looks like a sync issue with "
            "the reminder service."
        ),
        (
            "Can you set up a new shared calendar for the hygiene team? Owner should be "
            "denise.sched@example.com."
        ),
        (
            "IPv6 seems to break the VPN. The router hands out 2001:db8:12:3400::/56 and the "
            "tunnel fails on the 2001:db8:12:3400::1 gateway."
        ),
        (
            "Ordered 3 new monitors on PO 55120, they came in today. Can someone install them "
            "Thursday after 5?"
        ),
        (
            "the credit card terminal at checkout (Verifone P400, S/N 275-991-604) says 'host not "
            "reachable'. we can't take copays."
        ),
        (
            "Email from billing@example.com to the clearinghouse is bouncing with 550 5.7.1. "
            "Clearinghouse address is claims@example.net."
        ),
        (
            "Dr. Okafor wants dictation software on her new PC. Dragon Medical One, seat already "
            "purchased, order #DM-448120."
        ),
        "Can we get a second monitor for the checkout desk? Asset tag for the PC is AT-00417.",
        (
            "Hi team, the backup job failed last night with error 0x80070070 (disk full) on NAS01. "
            "Last good backup was 6/2/2024."
        ),
        (
            "Our main line 720-555-0111 goes straight to voicemail since the power blip at 9:05 "
            "this morning."
        ),
        (
            "Need the after hours message updated: office closed July 4th, reopen July 5 at 8am. "
            "Emergency line is 720-555-0112."
        ),
        (
            "The new EHR update (v11.52) removed the print button from the encounter screen. Is "
            "that a setting?"
        ),
        (
            "ugh the lobby TV showing the patient education slideshow is stuck on the Windows "
            "update screen again"
        ),
        (
            "Spam filter is quarantining all the lab results emails from results@example.org. Can "
            "you whitelist that sender?"
        ),
        "please call me back at 503-555-0153, it's my direct line. Re: ticket 58812.",
        (
            "Two of our computers got the Windows 24H2 update and now the signature pad (Topaz "
            "T-LBK462) isn't recognized."
        ),
        (
            "eClinicalWorks gives 'Session timed out' every 5 min. Other users fine. Workstation "
            "is NURSE-WS04 on 192.168.20.34."
        ),
        (
            "Can you check whether our domain renewal for example.org went through? Registrar sent "
            "a notice dated 4/30/2024."
        ),
        (
            "We'll be closed Friday 11/29 so that's a good day for the server migration if you "
            "need downtime."
        ),
        (
            "The patient check-in kiosk keeps asking for the admin PIN after restart. Kiosk is "
            "KIOSK-01, IP 10.1.1.60."
        ),
        "new hire: Carlos Mendes, starts 9/16, needs EHR access same as the other MAs.",
        (
            "Could someone look at the slow internet? Speedtest shows 8 Mbps down on a 300 Mbps "
            "plan. Circuit ID 41/KQXA/123456/LVLC."
        ),
        (
            "Fax server keeps sending cover sheets with the old fax number 312-555-0101. New fax "
            "is 312-555-0102."
        ),
        (
            "Our Verizon account 482019375-00001 shows a charge for a line we cancelled in March. "
            "can you dispute it since you manage that account?"
        ),
        (
            "Remote desktop to the server (RDP 203.0.113.77:3389) isn't working from Dr. Nguyen's "
            "house."
        ),
        (
            "E-prescribing shows 'EPCS token not found'. Token serial 2119 4412 08. Dr. Rosenberg "
            "needs it today."
        ),
        (
            "Can you remove Jessica from all accounts? Her last day was 5/31. Her email was "
            "jessica.t@example.org."
        ),
        (
            "The appointment reminder texts are going out from a weird number 555-0134 instead of "
            "our main number."
        ),
        "mouse and keyboard at op 5 dead. probably batteries but we have no spares lol",
        (
            "Our patient volume is up and the waiting room wifi (SSID Guest-Lobby) can't handle "
            "it. Can we add another AP?"
        ),
        (
            "HIPAA training portal link https://training.example.com/hipaa2024 isn't loading for "
            "new staff."
        ),
        (
            "Please update the email signature for all staff: new address 1200 Main St Suite 300, "
            "phone 617-555-0199, fax 617-555-0198."
        ),
        (
            "Clearinghouse rejected our batch with error code 999-AK5 R. Payer list update may be "
            "needed. Batch ID 20240611-03."
        ),
        (
            "Getting 'License expired' in Eaglesoft on all ops this morning. License number "
            "ES-558210. Patients are waiting!!"
        ),
        "Microsoft 365: can you add the Business Premium license to marcus.office@example.net?",
        "Time clock app shows everyone clocked in at 12:00am on 6/10. Payroll closes Wednesday.",
        "The conference room Zoom Rooms PC (ZR-CONF1, 172.16.4.12) lost its calendar connection.",
        (
            "We got a suspicious email from 'it-support@example.net' asking for passwords. Is that "
            "you guys? I didn't click anything."
        ),
        (
            "CT workstation (DICOM AE title CTWS1, 10.50.1.15 port 104) can't send images to PACS "
            "since 3pm."
        ),
        (
            "The intraoral camera driver needs reinstalling on op 1 - the installer says 'requires "
            ".NET 4.8'."
        ),
        "Can we block YouTube on the front desk PCs? Staff keep streaming during lunch.",
        (
            "tablet for patient intake forms (iPad, serial DMPX21A3KL9) not connecting to wifi "
            "after iOS 17.5 update."
        ),
        (
            "Lab interface with Quest stopped posting results around 6/3. Interface engine shows a "
            "queue of 214 messages stuck."
        ),
        (
            "Can you check the cert on https://pay.example.com? Patients say their browser warns "
            "it's not secure when paying bills."
        ),
        (
            "Hey it's Beth, the copier is jammed again and showing error SC542. Ricoh tech number "
            "is 800-555-0177."
        ),
        (
            "Our AT&T fiber (BAN 287263915012) went down 6/12 at 14:30 and came back 16:05. Please "
            "log it for the SLA claim."
        ),
        "Request: install Adobe Reader on RECEPTION-2 and RECEPTION-3. Asset tags 2231 and 2232.",
        (
            "The Dentrix eClaims module says the provider NPI is invalid for Dr. Chen, but it's "
            "the same one we always use."
        ),
        "Need to reset the voicemail PIN for ext 118 (Dr. Alvarez).",
        "The eRx printer tray 2 (MICR toner) is printing faded. HP M507, serial PHBLM12345.",
        (
            "Our router's admin page at http://192.168.0.1 asks for a password we don't have. "
            "Model is Ubiquiti UDM Pro."
        ),
        (
            "Can you make the teledentistry link https://meet.example.org/brightsmile work on the "
            "front desk Macs? Camera permission is blocked."
        ),
        "BIOS update pending on 6 machines, Dell says version 1.18.0. Okay to run them Saturday?",
        (
            "Outlook keeps asking jenna.r@example.org for her password every 10 min. It's a new "
            "profile."
        ),
        "Is the 192.0.2.0/24 range ours? Our firewall logs show lots of hits from 192.0.2.200.",
        (
            "Please order a replacement battery for the server UPS. Quote Q-88120 from the vendor "
            "looked fine, PO to follow."
        ),
        (
            "Billing software update broke statement printing. Error: 'Template STMT_v3.rpt not "
            "found'."
        ),
        (
            "Our new EKG machine (GE MAC 2000, serial SCD12345678WA) needs to send to the EHR. "
            "Vendor rep is Paul, paul.r@example.com, 415-555-0131."
        ),
        (
            "Good morning! Quick one: can you add a shortcut to the insurance verification site "
            "https://eligibility.example.net on all front desk PCs?"
        ),
        "Nothing urgent - the clock on the waiting room TV is an hour behind since DST.",
        "Phones: hold music stopped working on the main queue. Ring group 600.",
        (
            "Our practice's NPI and tax ID changed on the clearinghouse side - can you update the "
            "billing system config to match? Practice account CH-0045512."
        ),
        (
            "Ransomware alert from the antivirus on BILLING-PC1 (10.0.0.32) at 11:02. I unplugged "
            "it. Please advise ASAP."
        ),
        "Door camera NVR (Hikvision, 192.168.1.108) lost recording from 5/18 22:00 to 5/19 06:00.",
        (
            "The exam room computers need their screen lock shortened to 5 min per our HIPAA "
            "audit, finding #7."
        ),
        (
            "Hello, since Monday the sign-in tablet for patients shows yesterday's list. Can you "
            "restart the sync service?"
        ),
        (
            "The imaging bridge between Dexis and Dentrix stopped working after the 10.4 update. "
            "No patient images attach."
        ),
        (
            "ehr super slow today, like 10 sec per click. everyone on the floor complaining. we "
            "have 38 patients on the schedule."
        ),
        (
            "Can you pull the firewall logs for 6/7 between 1am and 3am? Something tried to log in "
            "as admin from 198.51.100.91."
        ),
        (
            "Please enable MFA for the new PA, sam.ortiz@example.org. He starts seeing patients "
            "next week."
        ),
        (
            "Hardware refresh list: OPS1-PC serial 5CG1234ABC, OPS2-PC serial 5CG1234ABD, OPS3-PC "
            "serial 5CG1234ABE."
        ),
        (
            "Can't scan to email from the Canon, SMTP error 550. Scan destination is "
            "scans@example.com."
        ),
        (
            "Kiosk printer out of paper again, can you order the 80mm rolls? Last order was "
            "invoice 7781 on 4/2."
        ),
        "is there a way to make the patient portal logo bigger? Dr. Chen thinks it's too small",
        (
            "The call recording storage is at 98%. Our RingCentral account is 400123987 if you "
            "need to call them."
        ),
        "Sterilization log tablet lost its time sync, shows 1/1/2000.",
        (
            "Our website contact form is sending emails to an old address, info@example.org. "
            "Should be contact@example.org now."
        ),
        (
            "Why can't the 10.0.20.0/24 VLAN reach the printer on 10.0.30.15? Started after the "
            "switch was replaced (Cisco C1000, serial FOC2345X0AB)."
        ),
        (
            "TeamViewer ID for the front desk PC is 1 482 903 377, password is on the sticky note "
            "Marcus has."
        ),
        (
            "the new date of birth validation in the intake form rejects 2-digit years. is that on "
            "purpose?"
        ),
        (
            "MRN search in the EHR is returning 'timeout' for everyone since 8:15. Search by name "
            "still works."
        ),
        (
            "Resolved: replaced the fuser on the Brother HL-L6200 (serial U63924K1N544210). "
            "Closing ticket 60017."
        ),
        (
            "Update from tech: switch firmware went from 15.2(7)E4 to 15.2(7)E9, rebooted at "
            "19:30, all ports up."
        ),
        (
            "I've remoted into RECEPTION-1 and cleared the print queue, should be good now. Let us "
            "know if it happens again."
        ),
        (
            "Thanks Priya! Confirmed the kiosk is back online. Patients are checking in normally "
            "again."
        ),
        (
            "We rebooted the firewall (FortiGate 60F, serial FGT60FTK21000000) at 12:10, WAN came "
            "back on 203.0.113.18."
        ),
        "Hi Denise, the eFax account number is 7715203, PIN resets go through support@example.net.",
        (
            "Closing this one out - the Dentrix service was stopped on DXSRV01, restarted it and "
            "set it to automatic."
        ),
        "Reminder: all PCs will reboot tonight at 10pm for patch Tuesday (KB5036893).",
        (
            "Went onsite 6/14, replaced the NIC on xray-ws2, new MAC is A4:BB:6D:10:22:9C, "
            "reserved 192.168.1.62 in DHCP."
        ),
        (
            "Our Spectrum account is 1029384756 and the service address is the office, 88 Harbor "
            "Blvd. Modem serial is MAAK81234567."
        ),
        (
            "Dr. Rosenberg's iPhone stopped syncing the clinic calendar after she changed her "
            "password."
        ),
        (
            "Can you check if our patient reminder system (Weave) is sending? No confirmations "
            "came in for tomorrow."
        ),
        (
            "FYI the EHR vendor has scheduled maintenance on 2024-07-13 from 22:00 to 02:00 ET, "
            "per https://status.example.com."
        ),
    ]

    pools: dict[str, _Pool] = {
        "practice": (
            "Riverside Family Medicine",
            "Brightsmile Dental",
            "Northgate Pediatrics",
            "Lakeview Orthopedics",
            "Cedar Hill Dental Group",
            "Maple Street Clinic",
            "the Eastside office",
            "our Salem location",
        ),
        "doctor": (
            "Dr. Chen",
            "Dr. Patel",
            "Dr. Okafor",
            "Dr. Nguyen",
            "Dr. Rosenberg",
            "Dr. Alvarez",
            "Dr. Kowalczyk",
            "Dr. Brooks",
        ),
        "staff": (
            "Tom from billing",
            "Nurse Kim",
            "Jenna at the front desk",
            "Marcus (office manager)",
            "our new MA",
            "Denise in scheduling",
            "the hygienist in op 3",
            "Carlos",
        ),
        "staff_first": (
            "Jenna",
            "Marcus",
            "Priya",
            "Denise",
            "Carlos",
            "Beth",
            "Ahmed",
            "Lorraine",
        ),
        "new_staff": ("Aisha Grant", "Kevin Lu", "Megan O'Hara", "Jamal Price", "Tina Vo"),
        "email": (
            "frontdesk@example.org",
            "billing@example.com",
            "jenna.r@example.org",
            "marcus.office@example.net",
            "drchen@example.com",
            "scheduling@example.org",
            "nurse.kim@example.org",
            "reception2@example.net",
            "office.manager@example.com",
        ),
        "phone": _phone,
        "fax": _phone,
        "phone_vendor": ("888-555-0190", "(800) 555-0123", "877-555-0142"),
        "ip": _private_ip,
        "ip_pub": _public_ip,
        "ipv6": _ipv6,
        "mac": _mac,
        "serial": _serial,
        "dell": ("7XK2L53", "JH4QW12", "BCD9F21", "4PL8M33", "G2R7T01"),
        "asset": lambda r: rng_choice_fmt(r, ("AT-{n:05d}", "TAG#{n:05d}", "RFM-LT-{n:03d}")),
        "license": _license,
        "ticket": lambda r: rng_choice_fmt(
            r, ("#{n}", "TKT-{n}", "INC00{n}", "case 00{n}", "ticket {n}")
        ),
        "invoice": lambda r: rng_choice_fmt(r, ("INV-{n}", "invoice {n}", "INV#2024-{n}")),
        "po": lambda r: rng_choice_fmt(
            r, ("PO {n}", "PO#{n}", "PO-2024-{n}", "purchase order {n}")
        ),
        "order": lambda r: rng_choice_fmt(r, ("ORD-{n}", "order #{n}", "order {n}")),
        "quote": lambda r: rng_choice_fmt(r, ("Q-{n}", "quote {n}")),
        "isp": ("Comcast Business", "Spectrum", "Verizon", "AT&T", "Lumen", "Cox Business"),
        "isp_acct": lambda r: r.choice(
            (
                f"{_digits(4)(r)} {_digits(2)(r)} {_digits(3)(r)} {_digits(7)(r)}",
                f"acct # {_digits(10)(r)}",
                f"{_digits(9)(r)}-00001",
                f"BAN {_digits(12)(r)}",
                f"account ID {_digits(9)(r)}",
            )
        ),
        "date": _date,
        "time": _time,
        "holiday": (
            "Memorial Day (5/27)",
            "July 4th",
            "Thanksgiving Thu/Fri",
            "12/24-12/25",
            "1/1",
        ),
        "version": ("2.8.1", "3.0.4", "v1.12", "4.1.0"),
        "ehr_version": ("v11.52", "G7.3 update 2", "23.2", "v12.1", "22.4.1"),
        "ws": (
            "FRONTDESK-PC03",
            "xray-ws2",
            "BILLING-PC1",
            "NURSE-WS04",
            "OPS5-PC",
            "RECEPTION-2",
            "EXAM3-PC",
        ),
        "server": ("dc01.riverside.local", "ehr-app01", "nas01.example.local", "DXSRV01", "FS01"),
        "portal_url": (
            "https://portal.example.com/login",
            "https://mychart.example.org",
            "https://patients.example.net/login",
        ),
        "error": (
            "0x80070005",
            "HTTP 502",
            "error 1603",
            "Err-4012",
            "ORA-12541",
            "code E-217",
            "0xc000007b",
            "SQL error 18456",
            "503 Service Unavailable",
            "error 809",
            "0x800ccc0e",
        ),
        "ehr_error": (
            "Object reference not set to an instance of an object",
            "Database connection lost",
            "Access violation at address 004F2A1C",
            "Provider table locked by another user",
            "Unable to load module ChartView.dll",
        ),
        "smtp": ("550 5.1.1 user unknown", "554 5.7.1 relay denied", "451 4.7.0 temporary failure"),
        "ext": ("ext 214", "x305", "extension 118", "ext. 22", "ext 101"),
        "ext_num": ("101", "214", "305", "118", "220"),
        "ehr": (
            "Dentrix",
            "Eaglesoft",
            "eClinicalWorks",
            "athenaOne",
            "Open Dental",
            "NextGen",
            "Epic",
            "the EHR",
        ),
        "host": (
            "FRONTDESK-PC03",
            "dc01.riverside.local",
            "ehr-app01",
            "PRN-RECEPTION",
            "xray-ws2",
            "nas01.example.local",
            "BILLING-PC1",
            "NURSE-WS04",
            "OPS5-PC",
            "KIOSK-02",
        ),
        "printer": (
            "HP LaserJet M404",
            "Brother HL-L2350",
            "Canon imageRUNNER C3530",
            "Ricoh MP 2555",
            "HP M507",
            "Lexmark MS621",
        ),
        "label_printer": ("Zebra ZD421", "Dymo LabelWriter 450", "Zebra GK420d", "Brother QL-820"),
        "url": (
            "https://portal.example.com/login",
            "https://support.example.net/ticket/88213",
            "https://status.example.org",
            "http://192.168.1.1/admin",
            "https://updates.example.com/dentrix/g7",
            "https://claims.example.net",
            "https://pay.example.com",
        ),
        "software": (
            "Microsoft Office 2021",
            "Adobe Acrobat Pro",
            "Dragon Medical One",
            "Sophos Endpoint",
            "TeamViewer",
            "Chrome",
        ),
        "vendor": (
            "Quest lab",
            "LabCorp",
            "clearinghouse",
            "e-prescribing",
            "imaging",
            "Henry Schein",
            "Weave",
        ),
        "symptom": (
            "the print button is greyed out",
            "the schedule won't load",
            "the toolbar is missing",
            "it's asking for a license again",
            "nothing saves",
            "it crashes on launch",
        ),
        "room": (
            "exam room 3",
            "op 4",
            "the lab",
            "the break room",
            "the nurses station",
            "the waiting room",
            "the billing office",
        ),
        "op": ("op 2", "operatory 3", "op 5", "op 1"),
        "kb": ("KB5034441", "KB5036893", "KB5039212"),
        "code": lambda r: f"{_digits(3)(r)} {_digits(3)(r)}",
        "port": ("443", "8443", "22", "3389", "5000", "104", "2575"),
        "switch": ("Cisco C1000-24P", "Meraki MS120", "Netgear GS724T", "Aruba 2930F"),
        "phone_model": ("Yealink T54W", "Polycom VVX 411", "Cisco 8841", "Poly Edge E350"),
        "term_serial": lambda r: rng_choice_fmt(r, ("275-{a}-{b}", "PAX-A920-{n}", "80{n}")),
        "num": ("2", "3", "4", "5", "6", "a dozen"),
        "count": ("12", "20", "a dozen", "40", "55", "30-something"),
        "percent": ("91", "95", "98", "99"),
    }

    def rng_choice_fmt(r: random.Random, formats: Sequence[str]) -> str:
        return r.choice(formats).format(
            n=r.randint(100, 99999), a=r.randint(100, 999), b=r.randint(100, 999)
        )

    templates = [
        (
            "{practice}: {ehr} is down on every workstation since {time}. Patients are waiting, "
            "please call {phone}."
        ),
        "Printer {printer} (serial {serial}) at the front desk keeps jamming. IP is {ip}.",
        "can someone reset {email}'s password? locked out again",
        "{staff} can't log into {ehr}, getting {error}. Workstation {ws}.",
        "Internet is out at {practice}. {isp} {isp_acct}. Outage started {date} around {time}.",
        "Please add {ip_pub} to the firewall allow list for the {vendor} interface.",
        "Need a new laptop set up for {doctor}. Asset tag {asset}, service tag {dell}.",
        "The patient portal ({portal_url}) shows {error} when patients try to log in.",
        "Fax number {fax} is not receiving since {date}. Ref: {ticket}.",
        "Install {software} on {ws} please, licence key {license}.",
        "Our phones are down, main line {phone} rings busy. Patient care is affected!",
        "Wifi AP in {room} (MAC {mac}) keeps rebooting every few minutes.",
        "Invoice {invoice} doesn't match {po}. Can billing@example.com get a corrected copy?",
        "{ehr} upgraded to {ehr_version} last night and now {symptom}.",
        "Check-in kiosk {host} frozen on the welcome screen, patients are lining up at the desk.",
        "VPN from {doctor}'s house fails with {error}. Home IP shows as {ip_pub}.",
        "Server {server} ({ip}) rebooted itself at {time} on {date}. Event log shows {error}.",
        "Please forward {ext} to the front desk for {date} only, thanks",
        "Hi, {staff_first} here. {printer} says toner low, we have {po} ready to go.",
        "IPv6 question: the router assigned {ipv6} to {host}, is that expected?",
        "MAC {mac} is showing up on the guest network, is that one of ours? Hostname {host}.",
        "Our {isp} bill ({isp_acct}) went up $40 this month. Can you check what changed?",
        "Email from {email} to {email2} bounced with {smtp}.",
        "{ehr} scheduler is crawling, {count} patients on the books today and we're way behind.",
        "Scheduled power outage {date} at {time}. Please shut down {server} cleanly beforehand.",
        "Please call {staff_first} at {phone} {ext} about {ticket}.",
        (
            "New staff member {new_staff} starts {date}, needs email and {ehr} login. Same access "
            "as {staff_first}."
        ),
        (
            "Label printer {label_printer}, serial {serial}, printing faint. Already replaced the "
            "ribbon."
        ),
        "Can't reach {url} from any PC. Other sites work. DNS server is {ip}.",
        "Backup to {server} failed {date} with {error}. Last good one was the night before.",
        "the lobby TV for patient education is stuck on {error} again",
        (
            "Card terminal at checkout (S/N {term_serial}) shows 'host offline' for every card, "
            "patients can't pay copays."
        ),
        "Could you renew the cert for {url}? Expires {date}.",
        (
            "{doctor} says the charting screen in {ehr} freezes when opening the perio chart. PC "
            "is {ws}."
        ),
        "{isp} tech coming {date} between 1 and 5pm, {order}. Do you need to be on-site?",
        "Please disable {email}, {staff_first} left the practice on {date}.",
        "Port 14 on the {switch} (serial {serial}) is flapping. It feeds {ws}.",
        "Signature pad not recognized on {ws} after Windows update {kb}.",
        "Who do we call about the {vendor} outage? Their status page {url} says degraded.",
        "Request to open port {port} from {ip_pub} to {ip} for the lab interface.",
        "Remote support session code {code} - I'm at {ws}, waiting for you.",
        "Our voicemail to email stopped. Mailbox {ext_num}, should go to {email}.",
        "Ordered {num} barcode scanners on {po}, {quote}. Please configure them when they arrive.",
        (
            "{practice} front desk: the patient check-in tablets need version {version} of the "
            "intake app."
        ),
        (
            "x-ray sensor on {op} disconnects mid-exposure. Sensor serial {serial}. Happened {num} "
            "times today."
        ),
        (
            "The phishing drill is set for {date} at {time}. Please confirm {host} and {host2} are "
            "excluded."
        ),
        "got {error} when printing superbills from {ehr}. printer is {printer} at {ip}",
        "Is {ip_pub} our public IP? The clearinghouse needs it for whitelisting.",
        "Pls update the after hours greeting: closed {holiday}, on-call line {phone}.",
        "{phone_model} in {room} shows 'Registration failed'. MAC {mac}, ext {ext_num}.",
        "Our {software} license {license} expires {date}. Do you handle the renewal or do we?",
        "hey it's {staff_first}, {ws} is making a grinding noise. asset tag {asset}.",
        (
            "{ehr} error '{ehr_error}' when opening the daily schedule. Providers are waiting to "
            "see patients."
        ),
        (
            "Got a call from someone claiming to be {vendor} support at {phone_vendor} asking for "
            "remote access. Legit?"
        ),
        (
            "Could you check the logs for {ip_pub}? It hit our portal login a few hundred times "
            "overnight."
        ),
        "PACS viewer on {host} won't load studies since {date}, shows {error}.",
        "Disk on {server} is {percent}% full. Can you clean it up before it takes the EHR down?",
        (
            "Update: {staff_first} confirmed {printer} is printing again after the driver "
            "reinstall. Closing {ticket}."
        ),
        "{doctor} needs the dictation mic working on {ws} before patients start at {time}.",
        (
            "Our {isp} static block is {ip_pub}/29, gateway {ip_pub2}. Can you set up the new "
            "firewall with it?"
        ),
        (
            "the kiosk receipt printer ({label_printer}) at {ip} stopped printing, patients asking "
            "for receipts"
        ),
        "Please add {new_staff} to the {ehr} provider list and give them a {phone_model} at {ext}.",
        "Outage report: {isp} down {date} {time} to {time2}, roughly 2 hours. Account {isp_acct}.",
    ]

    return _generate(1701, fixed, templates, pools, target=350)


# --------------------------------------------------------------------------- PHI texts

_PATIENTS = (
    "Maria Lopez",
    "Tom Reyes",
    "James Whitfield",
    "Linda Okonkwo",
    "Robert Haines",
    "Keisha Brown",
    "Dmitri Volkov",
    "Grace Tanaka",
    "Harold Jennings",
    "Ana Sofia Ruiz",
    "Walter Kowalski",
    "Brenda McAllister",
    "Luis Ortega",
    "Evelyn Price",
    "Samuel Adeyemi",
    "Yolanda Fischer",
    "Peter O'Neill",
    "Mei-Ling Zhou",
    "Darnell Washington",
    "Ingrid Sorensen",
)

_MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"  # no S, L, O, I, B, Z


def _mbi(rng: random.Random) -> str:
    alnum = _MBI_ALPHA + string.digits
    chars = [
        rng.choice("123456789"),
        rng.choice(_MBI_ALPHA),
        rng.choice(alnum),
        rng.choice(string.digits),
        rng.choice(_MBI_ALPHA),
        rng.choice(alnum),
        rng.choice(string.digits),
        rng.choice(_MBI_ALPHA),
        rng.choice(_MBI_ALPHA),
        rng.choice(string.digits),
        rng.choice(string.digits),
    ]
    raw = "".join(chars)
    if rng.random() < 0.5:
        return f"{raw[:4]}-{raw[4:7]}-{raw[7:]}"
    return raw


def _ssn(rng: random.Random) -> str:
    last = f"432{rng.randint(0, 9)}"
    return rng.choice((f"987-65-{last}", f"987-65-{last}", f"987 65 {last}"))


def _ssn_digits(rng: random.Random) -> str:
    return f"98765432{rng.randint(0, 9)}"


def _dob(rng: random.Random) -> str:
    year = rng.randint(1931, 2016)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    style = rng.randint(0, 4)
    if style == 0:
        return f"{month:02d}/{day:02d}/{year}"
    if style == 1:
        return f"{month}/{day}/{year}"
    if style == 2:
        return f"{year}-{month:02d}-{day:02d}"
    if style == 3:
        return f"{month:02d}-{day:02d}-{year}"
    return f"{month}/{day}/{year % 100:02d}"


def _dob_long(rng: random.Random) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    year = rng.randint(1931, 2010)
    month = rng.choice(months)
    day = rng.randint(1, 28)
    return rng.choice(
        (f"{month} {day}, {year}", f"{day} {month[:3]} {year}", f"{month} {day} {year}")
    )


def _mrn(rng: random.Random) -> str:
    style = rng.randint(0, 3)
    if style == 0:
        return f"{rng.randint(0, 99999999):08d}"
    if style == 1:
        return str(rng.randint(100000, 9999999))
    if style == 2:
        return f"A{rng.randint(0, 99999999):08d}"
    return f"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"


def _member_id(rng: random.Random) -> str:
    style = rng.randint(0, 3)
    if style == 0:
        prefix = "".join(rng.choice("ACDEFGHJKMNPRTUWXYZ") for _ in range(3))
        return f"{prefix}{rng.randint(100000000, 999999999)}"
    if style == 1:
        return f"W{rng.randint(100000000, 999999999)}"
    if style == 2:
        return str(rng.randint(1000000000, 99999999999))
    return f"H{rng.randint(10000000, 99999999)}01"


_TEST_CARDS = (
    "4111111111111111",
    "4000000000000002",
    "5555555555554444",
    "5105105105105100",
    "4012888888881881",
    "6011111111111117",
    "4242424242424242",
    "378282246310005",
)


def _card(rng: random.Random) -> str:
    number = rng.choice(_TEST_CARDS)
    if len(number) == 15:
        sep = rng.choice((" ", "", "-"))
        return sep.join((number[:4], number[4:10], number[10:]))
    sep = rng.choice((" ", "", "-", " "))
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def _pt_acct(rng: random.Random) -> str:
    style = rng.randint(0, 2)
    if style == 0:
        return str(rng.randint(1000000, 999999999))
    if style == 1:
        return f"PA-{rng.randint(0, 9999999):07d}"
    return f"{rng.randint(10000, 99999)}-{rng.randint(10, 99)}"


def _derive_phi(rng: random.Random, values: dict[str, str]) -> None:
    """Keep a patient's e-mail address consistent with the patient's name in one text."""
    if "pt_email" in values and "pt_name" in values:
        first, *_, last = values["pt_name"].lower().replace("'", "").split()
        local = rng.choice(
            (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{rng.randint(1, 99)}")
        )
        values["pt_email"] = f"{local}@example.{rng.choice(('com', 'net', 'org'))}"


def _phi_texts() -> list[str]:
    fixed = [
        (
            "Patient Maria Lopez says she can't log into the portal. Her DOB is 04/12/1961 and the "
            "portal keeps rejecting it."
        ),
        "Pt: J. Smith - the chart won't open in Dentrix, error 0x80070005 on OP3.",
        (
            "Mrs. Alvarez's chart has the wrong insurance attached after the merge, can you look "
            "at the database?"
        ),
        (
            "We accidentally created two records for our patient Tom Reyes, MRN 00482913 and MRN "
            "00482967. How do we merge them?"
        ),
        (
            "Billing can't post a payment, card 4111 1111 1111 1111 for patient account 100238845 "
            "gets 'invalid'."
        ),
        "ssn 987-65-4321 shows up on the wrong patient's face sheet, please help asap",
        "Scanned document for MR# 771203 went into the wrong chart. Can IT move it?",
        (
            "Medicare MBI 1EG4-TE5-MK73 keeps getting rejected by the eligibility check with "
            "'invalid format'."
        ),
        (
            "a 94-year-old patient can't hear the kiosk prompts, can we turn up the volume on the "
            "kiosk?"
        ),
        (
            "Patient's daughter called from 503-555-0166 asking why her mom's portal account is "
            "locked. Mom is Evelyn Price, date of birth 2/2/1938."
        ),
        (
            "Eligibility check for subscriber ID XEH884512093 (Blue Cross) comes back 'subscriber "
            "not found' but the card clearly shows it."
        ),
        (
            "The interface dropped a lab result for chart #45127, the patient's name on it is "
            "Robert Haines."
        ),
        (
            "Please help - the statement run printed patient Keisha Brown's account #PA-0093321 on "
            "someone else's statement."
        ),
        (
            "Born 11/30/1955, pt Walter Kowalski - his appointment reminder went to the wrong "
            "phone number."
        ),
        (
            "The fax with Linda Okonkwo's referral (DOB 07-19-1972) went to the old fax number, "
            "how do we recall it?"
        ),
        (
            "social security 987654325 is showing unmasked on the registration screen. It should "
            "only show the last 4."
        ),
        (
            "Our patient Samuel Adeyemi's email samuel.adeyemi@example.net keeps bouncing the "
            "portal invite."
        ),
        (
            "Patient address 42 Elm Street, Springfield got saved into the wrong field for pt "
            "Grace Tanaka, can we fix the import mapping?"
        ),
        (
            "Pt is 97 y/o and the portal won't let her register because the year picker only goes "
            "back to 1930."
        ),
        (
            "Harold Jennings (patient) MRN: 4471093 - his x-rays from 5/3 aren't showing in the "
            "imaging bridge."
        ),
        (
            "Payment for patient acct 55120983 was run twice on 4000 0000 0000 0002, we need the "
            "duplicate voided."
        ),
        "policy # 88421-0931 for patient Luis Ortega isn't loading in the eligibility tool.",
        (
            "Can you restore the chart for medical record no. A00938211? Someone deleted the "
            "treatment plan."
        ),
        "pt Ana Sofia Ruiz, dob 1988-03-07 - duplicate account created by the kiosk.",
        (
            "For our patient Dmitri Volkov, the portal shows someone else's lab results. This is a "
            "privacy issue, please escalate."
        ),
        (
            "The insurance card scan for member ID W123456789 came out blank, scanner might be the "
            "problem."
        ),
        "Mr. Petrov's chart is locked by a user who's out today, can you release the lock?",
        (
            "Patient's mother, Carol Jennings, is the guarantor. Her phone 312-555-0174 won't save "
            "in the guarantor field."
        ),
        (
            "We need to send a secure email to our patient at brenda.mcallister@example.com but "
            "the encryption add-in is missing."
        ),
        (
            "ERA posted to the wrong account: patient acct no. 7730021, should be 7730012. Can IT "
            "reverse the import?"
        ),
        (
            "card # 5555 5555 5555 4444 was typed into the notes field on a patient account by "
            "mistake. Can we purge it from the audit log?"
        ),
        "Patient DOB 03/14/1952 - the system calculates her age wrong, is the server date off?",
        "MBI 4TQ9-AJ2-CU85 for Mr. Fitzgerald won't pass the Medicare eligibility check.",
        "chart# 22918 (Nakamura) is showing a blank medication list after the update",
        (
            "Hi, the patient Maria Lopez called saying she received another patient's statement. "
            "Her own account # is 100238845."
        ),
        (
            "The HL7 feed has a PID segment with SSN 987-65-4327 in it, is that supposed to be "
            "sent to the lab?"
        ),
        (
            "Mrs. Delgado, born March 9 1931, fell in the lobby and the incident report form in "
            "the EHR wouldn't save."
        ),
        "Rx for pt R. Haines didn't transmit to the pharmacy, e-prescribing gave error EP-304.",
        (
            "subscriber 4455102938, relationship: spouse, patient is James Whitfield - Delta "
            "Dental says ID mismatch."
        ),
        "Pls unlock portal acct for pt Keisha Brown, her cell is (503) 555-0163",
        "DOB: 12/25/1949 MRN: 0092281 - eCW gives 'patient not found' when searching by DOB.",
        (
            "Our 91 year old patient Mr. Haines needs the large-font version of the portal, is "
            "there a setting?"
        ),
        "Refund to Amex 3782 822463 10005 for patient account 55120983 failed in the gateway.",
        (
            "Lab sent results for Grace Tanaka, birthdate 06/01/1990, to our fax but they went to "
            "the general inbox."
        ),
        (
            "Subscriber ID ZGP900112345 for the patient (Evelyn Price) comes back terminated but "
            "she says her coverage is active."
        ),
        (
            "MR#: 3310-884 printed on the wrong wristband, printer might be mislabeling. Zebra at "
            "10.0.0.41."
        ),
        (
            "We need to correct the SSN on pt Luis Ortega's account - currently 987-65-4322, "
            "should be 987-65-4329. The field is greyed out."
        ),
        (
            "Patient Tom Reyes's address changed to 1500 Oak Ave Apt 4B, Portland but the "
            "statement still goes to the old one."
        ),
        "Medicare number 7MJ2-VW4-PD61 rejected at check-in for Dmitri Volkov.",
        "The patient's wife Sandra Whitfield keeps getting his reminder texts at 617-555-0178.",
        (
            "Discover card 6011 1111 1111 1117 for patient acct 7730012 is stored in plain text in "
            "the notes - please help remove."
        ),
        "pt DOB 9/9/1944, name Harold Jennings: the portal says 'date of birth does not match'",
        (
            "Hi! quick q, how do I move the scanned consent for chart 00771 (patient Samuel "
            "Adeyemi) to the right folder?"
        ),
        (
            "a 101-year-old patient, Mrs. Nakamura, can't use the kiosk touchscreen; can we add a "
            "bypass?"
        ),
        "medical record number 558210-A is assigned to two different patients in Open Dental",
        (
            "Our patient Linda Okonkwo (linda.okonkwo@example.org) says she got a password reset "
            "email she didn't request."
        ),
        (
            "Can you look at the HL7 error for MRN 00917734, DOB 10/04/1967? Interface says 'PID-7 "
            "invalid'."
        ),
        "BCBS member ID XYZ123456789 for patient Robert Haines won't scan off the card.",
        "Pt Brenda McAllister says the portal shows an SSN of 987-65-4324 which isn't hers.",
        (
            "The statement for Walter Kowalski's account (acct# 66120459) printed with the wrong "
            "balance."
        ),
        "Kiosk crashed while checking in Yolanda Fischer (pt), DOB 8/22/1979. Screenshot attached.",
        (
            "Mr. O'Neill (our patient, born 1929) needs the reminder calls louder - can the phone "
            "system do that?"
        ),
        (
            "Dr. Chen needs access to the chart for patient Darnell Washington, MRN 6620148, but "
            "it says restricted."
        ),
        "SSN 987654320 keeps auto-filling into the wrong guarantor. what is going on",
        (
            "Card on file for pt Ingrid Sorensen (5105 1051 0510 5100) shows in full on the ledger "
            "screen. Should be masked!"
        ),
    ]

    pools: dict[str, _Pool] = {
        "pt_name": _PATIENTS,
        "pt_short": ("J. Smith", "M. Lopez", "R. Haines", "K. Brown", "T. Reyes", "E. Price"),
        "pt_title": (
            "Mrs. Alvarez",
            "Mr. Petrov",
            "Ms. Delgado",
            "Mr. Fitzgerald",
            "Mrs. Nakamura",
            "Mr. Oyelaran",
            "Mrs. Whitcombe",
            "Miss Harper",
        ),
        "pt_surname": ("Nakamura", "Alvarez", "Petrov", "Delgado", "Oyelaran", "Whitcombe"),
        "rel": (
            "The patient's daughter, Carol Jennings,",
            "Patient's husband David Lopez",
            "The pt's son, Michael Tanaka,",
            "Patient's mother, Rosa Ortega,",
            "The patient's wife Sandra Whitfield",
        ),
        "father": ("David Lopez", "Michael Tanaka", "George Haines", "Victor Ruiz"),
        "pt_email": ("placeholder@example.com",),  # replaced by _derive_phi
        "pt_phone": _phone,
        "pt_address": (
            "42 Elm Street, Springfield",
            "1500 Oak Ave Apt 4B, Portland",
            "9 Birch Ln, Salem OR 97301",
            "318 W 4th St #2, Denver",
            "77 Lakeshore Dr, Unit 12",
            "2204 Mesquite Rd, Tucson AZ",
        ),
        "ssn": _ssn,
        "ssn_digits": _ssn_digits,
        "dob": _dob,
        "dob_long": _dob_long,
        "age": tuple(str(a) for a in range(90, 105)),
        "mrn": _mrn,
        "mrn_label": ("MRN", "MR#", "Chart #", "medical record no.", "MRN:", "mrn", "MR #"),
        "chart": lambda r: str(r.randint(1000, 999999)),
        "member_id": _member_id,
        "policy": lambda r: r.choice(
            (
                f"{r.randint(10000, 99999)}-{r.randint(1000, 9999)}",
                f"POL{r.randint(1000000, 9999999)}",
                f"{r.randint(100000000, 999999999)}",
            )
        ),
        "group": lambda r: r.choice(
            (f"{r.randint(0, 9999999):07d}", f"GRP {r.randint(10000, 99999)}")
        ),
        "mbi": _mbi,
        "card": _card,
        "pt_acct": _pt_acct,
        "ehr": ("Dentrix", "Eaglesoft", "eClinicalWorks", "athenaOne", "Open Dental", "the EHR"),
        "error": ("0x80070005", "HTTP 500", "error 1603", "Err-4012", "code E-217", "EP-304"),
        "printer": ("HP LaserJet M404", "Brother HL-L2350", "Zebra ZD421", "Ricoh MP 2555"),
        "ip": _private_ip,
        "version": ("v11.4.2", "G7.3", "23.2", "2.8.1"),
        "staff_first": ("Jenna", "Marcus", "Priya", "Denise", "Carlos", "Beth"),
        "payer": (
            "Aetna",
            "Cigna",
            "UnitedHealthcare",
            "Delta Dental",
            "BCBS",
            "Humana",
            "Medicaid",
        ),
    }

    templates = [
        "Patient {pt_name} can't log into the portal, DOB {dob}. Getting {error}.",
        "{pt_name} (MRN {mrn}) - chart won't open in {ehr}, says record locked.",
        "pt {pt_name}, dob {dob}, duplicate chart created at the check-in kiosk, please merge.",
        (
            "SSN {ssn} is showing unmasked on the registration screen for one of our patients, is "
            "that a setting?"
        ),
        "Eligibility for member ID {member_id} keeps failing with {error}. Patient is {pt_name}.",
        "MBI {mbi} rejected by the Medicare eligibility check for our patient {pt_title}.",
        "Card {card} declined for patient account {pt_acct}, terminal says 'invalid card'.",
        "{pt_title}'s chart has another patient's x-rays attached, can IT help untangle it?",
        (
            "for our patient {pt_name}, the reminder texts go to {pt_phone} which isn't the "
            "patient's number anymore"
        ),
        "Scanned insurance card for {pt_name}, policy # {policy}, came out blank.",
        "Date of birth {dob} won't save for patient {pt_name}; the field turns red.",
        "Lab results for {mrn_label} {mrn} posted to the wrong chart yesterday.",
        "a {age}-year-old patient can't manage the check-in kiosk, can we set up an assisted mode?",
        "Pt: {pt_short} - e-Rx failed to send ({error}).",
        "Patient {pt_name}'s email {pt_email} bounces the portal invite.",
        "Please void the duplicate charge on {card} (patient acct {pt_acct}).",
        (
            "social security number {ssn_digits} got typed into the notes for pt {pt_name}, how do "
            "we redact it?"
        ),
        "{pt_name}, born {dob_long}, says the portal shows the wrong appointments.",
        (
            "Subscriber ID {member_id} comes back 'terminated' for patient {pt_name}; the patient "
            "insists coverage is active."
        ),
        "Patient {pt_name} moved to {pt_address}, but statements still go to the old address.",
        "HL7 message for MRN {mrn} rejected: PID-7 birthdate {dob} invalid.",
        "our patient {pt_name}'s account #{pt_acct} shows a balance from someone else",
        "DOB {dob} / MRN {mrn} - search returns 'patient not found' in {ehr}.",
        "{rel} called from {pt_phone} about portal access. The patient is {pt_name}.",
        "Pt {pt_name} is {age} y/o and can't read the small font on the intake tablet.",
        "Medicare ID {mbi} for {pt_name} - clearinghouse says invalid.",
        "Need the SSN on {pt_title}'s account fixed: {ssn}. Field is greyed out.",
        "chart #{chart} ({pt_surname}) medication list blank after {ehr} updated to {version}",
        (
            "The wristband printer put MR# {mrn} on the wrong patient's band. Printer {printer} at "
            "{ip}."
        ),
        "Refund to card {card} for patient {pt_name} failed in the gateway with {error}.",
        "patient {pt_name} says the email {pt_email} got another patient's statement",
        "{pt_title}, DOB {dob}, fell in the waiting room and the incident form won't save.",
        "Fax with the referral for {pt_name} (date of birth {dob}) went to the wrong number.",
        "Member #{member_id}, group {group}, patient {pt_name}: {payer} portal shows no coverage.",
        "Please restore the deleted treatment plan in the chart for medical record no. {mrn}.",
        "Patient's home phone {pt_phone} won't save in {ehr} for {pt_title}.",
        (
            "SSN: {ssn} DOB: {dob} - registration import failed on this patient, can you check the "
            "log?"
        ),
        (
            "{pt_name} (pt) has two portal accounts, one under {pt_email}. Can you deactivate the "
            "duplicate?"
        ),
        (
            "patient account number {pt_acct} got merged with the wrong guarantor. Guarantor is "
            "the patient's father, {father}."
        ),
        "Hi, {staff_first} here. {pt_title}'s chart won't print, {printer} says offline.",
        "{payer} policy {policy} for pt {pt_short} keeps erroring out in the eligibility tool.",
        (
            "can't find pt by birthdate {dob} in {ehr}, but they're definitely in there. name is "
            "{pt_name}"
        ),
        (
            "Kiosk printed {pt_name}'s check-in slip with {mrn_label} {mrn} for the next patient "
            "to see."
        ),
        (
            "Patient {pt_name} wants statements emailed to {pt_email} instead of mailed - where is "
            "that setting?"
        ),
        (
            "Insurance verification for the patient: {payer}, subscriber {member_id}, DOB {dob}. "
            "Tool times out."
        ),
    ]

    return _generate(2113, fixed, templates, pools, target=190, derive=_derive_phi)


HOLDOUT_CLEAN: list[str] = _clean_texts()
HOLDOUT_PHI: list[str] = _phi_texts()
