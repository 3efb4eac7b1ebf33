"""Labelled texts for measuring the PHI guard, generated from templates with a
fixed seed: ordinary IT requests of a clinic that hold no PHI (but plenty of
IP addresses, phone numbers, emails, serial numbers, URLs, account and licence
numbers, outage dates, and the word "patients"), and texts that do hold PHI
(SSNs, MRNs, dates of birth near a cue, health plan and account numbers, and
patients' names with a cue), written as staff actually write them.

All numbers are from ranges reserved for fiction or documentation (555-01xx
phones, 987-65-432x SSNs, RFC 5737 addresses, example.* domains)."""

from __future__ import annotations

import random

SEED = 20261128

FIRST = ["Maria", "James", "Aisha", "Robert", "Linh", "Carlos", "Emily", "Dmitri", "Grace", "Omar"]
LAST = ["Lopez", "Nguyen", "Okafor", "Smith", "Kowalski", "Haddad", "Reyes", "Patel", "Brown"]
STAFF = ["Dr. Chen", "the front desk", "our office manager", "Nurse Kim", "the billing team"]
PRINTERS = ["FRONT-DESK-1", "HP LaserJet M404", "the Zebra label printer", "Brother MFC-L2750"]
SYSTEMS = ["the EHR", "eClinicalWorks", "Dentrix", "the practice management system", "Epic"]
SITES = ["Main clinic", "North office", "the Elm Street site", "Suite 200", "the dental wing"]
MONTHS = ["January", "March", "June", "September", "November", "Dec", "Aug"]
VENDORS = ["Comcast Business", "Verizon", "AT&T", "Spectrum", "the copier lease company"]


def _ip(r: random.Random) -> str:
    return r.choice(
        [
            f"192.0.2.{r.randint(1, 254)}",
            f"198.51.100.{r.randint(1, 254)}",
            f"203.0.113.{r.randint(1, 254)}",
            f"10.0.{r.randint(0, 9)}.{r.randint(2, 250)}",
            f"172.16.{r.randint(0, 31)}.{r.randint(2, 250)}",
        ]
    )


def _phone(r: random.Random) -> str:
    n = f"555-01{r.randint(0, 99):02d}"
    return r.choice([f"(312) {n}", f"312-{n}", f"312.{n.replace('-', '.')}", f"+1 312 {n}"])


def _email(r: random.Random) -> str:
    who = r.choice(["frontdesk", "billing", "dr.chen", "office.manager", "it", "nurse.kim"])
    return f"{who}@{r.choice(['riverside.example', 'clinic.example.org', 'example.com'])}"


def _serial(r: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return "".join(r.choice(letters + "0123456789") for _ in range(r.randint(8, 12)))


def _date(r: random.Random) -> str:
    return r.choice(
        [
            f"{r.randint(1, 12)}/{r.randint(1, 28)}/2026",
            f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            f"{r.choice(MONTHS)} {r.randint(1, 28)}",
            f"{r.choice(MONTHS)} {r.randint(1, 28)}, 2026",
            "yesterday",
            "last Tuesday",
            f"{r.randint(1, 12)}/{r.randint(1, 28)}",
        ]
    )


def _time(r: random.Random) -> str:
    return f"{r.randint(7, 17)}:{r.choice(['00', '10', '15', '30', '45'])}"


CLEAN_TEMPLATES = [
    "Since {time} nobody at {site} can open {system}. Patients are waiting at the front desk.",
    "{printer} shows offline again. Its IP is {ip}, it was fine on {date}.",
    "The internet is down at {site}. {vendor} account number {account} if you need to call them; "
    "their line is {phone}.",
    "Please add a new hire to {system}: start date {date}, email {email}.",
    "The patient portal at https://portal.riverside.example/login shows an error 502 since {time}.",
    "Patient check-in kiosk in the lobby is frozen, serial number {serial}. "
    "Restarted it at {time}.",
    "VPN drops every few minutes for {staff}. Client address {ip}, gateway {ip2}.",
    "Our fax line {phone} gives a busy signal. Fax number for the lab is {phone2}.",
    "Warranty renewal for the server, S/N {serial}, expires {date}. Quote to {email}.",
    "License key for the scanner software expired on {date}; licence no. {license}.",
    "Backup job failed on {date} at {time} with code 0x80070005 on host {ip}.",
    "Can you set up voicemail for extension 214? Call me back at {phone}.",
    "{system} is very slow for everyone since the update on {date}. Patient care is affected.",
    "The label printer prints blank labels. Model {printer}, SN {serial}.",
    "Phones ring but there is no audio. Our main number is {phone}. Started {date} around {time}.",
    "Wi-Fi for patients in the waiting area does not hand out addresses (DHCP pool {ip}/24).",
    "Email from {email} bounces with 550 5.7.1. Please check the spam filter.",
    "Replace the toner in {printer} at {site}; the order number is PO-{n}-{m}.",
    "{staff} cannot sign in to {system}: account locked after password reset on {date}.",
    "The UPS in the server closet beeps. It has been on battery since {time} on {date}.",
    "Our patient scheduling screen freezes when we open next week. Workstation WS-{n}, {ip}.",
    "Move the X-ray PC at {site} to the new switch port 12; its MAC is 00:1A:2B:3C:4D:{n2}.",
    "Invoice #{n}-{m} from {vendor} seems doubled for {date}. Account {account}.",
    "Please whitelist https://claims.clearinghouse.example for the billing team.",
    "The card reader at the front desk declines every card since {date}; terminal ID {serial}.",
    "{system} error 'Database connection lost' when saving notes, about {count} times today.",
    "New laptop for {staff}: asset tag IT-{n}, serial {serial}, ship to {site}.",
    "Door badge reader at {site} does not open since the power outage on {date}.",
    "We had {count} patients today and the check-in tablets ran out of battery twice.",
    "Certificate for portal.riverside.example expires {date}; certificate no. {license}.",
    "Security camera NVR at {ip} is unreachable since {time}.",
    "Remote desktop to {ip}:3389 times out from home for {staff}.",
    "Patient flow board on the TV in the hallway is stuck on yesterday.",
    "Our e-prescribing module says the DEA certificate needs renewal by {date}.",
    "Please call {staff} at {phone} about the fax to {phone2} that never arrived.",
    "Shred bin pickup moved to {date}; vendor contact {email}, {phone}.",
]

PHI_TEMPLATES = [
    "Patient {first} {last}, DOB {dob}, cannot be found in {system} after the merge.",
    "{system} shows the wrong chart for MRN {mrn}. Can someone fix the link?",
    "Front desk scanned an ID with SSN {ssn} into the wrong folder.",
    "Pt: {first} {last} — insurance member ID {member} is rejected at check-in.",
    "Patient's date of birth {dob} changed to {dob2} after the interface ran.",
    "Billing cannot post a payment to account number {account} for patient {first} {last}.",
    "Medicare MBI {mbi} is not accepted by the clearinghouse for this patient.",
    "Need to correct the record of {first} {last} (born {dob}) in the portal.",
    "Chart # {chart} prints with someone else's allergies.",
    "The interface sent ADT for MRN: {mrn} twice; {first} {last} now has two charts.",
    "Social security number {ssn_plain} was typed in the notes field, please help us remove it.",
    "Patient named {first} {last} called from {phone} about the portal lockout.",
    "Policy # {policy} for the patient fails eligibility since {date}.",
    "Her DOB is {dob} but {system} shows {dob2}.",
    "patient {first} {last} MRN {mrn} — lab results attached to the wrong visit",
    "The guarantor {first} {last}, card {card}, was charged twice.",
    "Mr. {last}'s date of birth ({dob}) shows as 01/01/1900 in the lab interface.",
    "Please unlock the portal account of patient {first} {last}, email {pemail}.",
    "A 93 year old patient cannot read the kiosk screen; can we enlarge the font?",
    "Subscriber ID {member} of patient {first} {last} was overwritten by the import.",
]


def _ssn(r: random.Random) -> str:
    return f"987-65-432{r.randint(0, 9)}"


def _dob(r: random.Random) -> str:
    y, m, d = r.randint(1935, 2015), r.randint(1, 12), r.randint(1, 28)
    return r.choice(
        [
            f"{m}/{d}/{y}",
            f"{m:02d}/{d:02d}/{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{r.choice(MONTHS)} {d}, {y}",
        ]
    )


def _mbi(r: random.Random) -> str:
    return r.choice(["3HK7-TW2-JN45", "1EG4TE5MK73", "5AC9-XP3-RR27", "2NW6-HT8-YK91"])


def _card(r: random.Random) -> str:
    return r.choice(["4000 0000 0000 0002", "4111 1111 1111 1111", "5555 5555 5555 4444"])


def _fill(r: random.Random, template: str) -> str:
    values = {
        "time": _time(r),
        "site": r.choice(SITES),
        "system": r.choice(SYSTEMS),
        "printer": r.choice(PRINTERS),
        "ip": _ip(r),
        "ip2": _ip(r),
        "date": _date(r),
        "vendor": r.choice(VENDORS),
        "phone": _phone(r),
        "phone2": _phone(r),
        "email": _email(r),
        "serial": _serial(r),
        "staff": r.choice(STAFF),
        "license": f"LIC-{r.randint(10000, 99999)}",
        "account": f"{r.randint(10**7, 10**9)}",
        "n": r.randint(100, 999),
        "m": r.randint(1000, 9999),
        "n2": f"{r.randint(16, 255):02X}",
        "count": r.randint(20, 90),
        "first": r.choice(FIRST),
        "last": r.choice(LAST),
        "dob": _dob(r),
        "dob2": _dob(r),
        "mrn": f"{r.choice(['', 'RV-', 'MR'])}{r.randint(10**5, 10**8)}",
        "ssn": _ssn(r),
        "ssn_plain": _ssn(r).replace("-", ""),
        "member": f"XQZ{r.randint(10**8, 10**9)}",
        "mbi": _mbi(r),
        "chart": f"{r.randint(10**5, 10**7)}",
        "policy": f"HP-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}",
        "card": _card(r),
        "pemail": f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}@example.net",
    }
    return template.format(**values)


def clean_texts(count: int = 360) -> list[str]:
    r = random.Random(SEED)
    return [_fill(r, CLEAN_TEMPLATES[i % len(CLEAN_TEMPLATES)]) for i in range(count)]


def phi_texts(count: int = 180) -> list[str]:
    r = random.Random(SEED + 1)
    return [_fill(r, PHI_TEMPLATES[i % len(PHI_TEMPLATES)]) for i in range(count)]
