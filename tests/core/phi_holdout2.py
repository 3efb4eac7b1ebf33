"""Second hold-out corpus for the PHI guard (helpdesk-ticket voice).

Hand-written test texts in the style of IT support tickets sent by staff of medical and
dental practices (front desk, practice managers, nurses, dentists) and replies by IT
technicians. The corpus was written WITHOUT looking at the guard's implementation, its
rules or its other test corpora; the only reference used was the list of HIPAA Safe Harbor
identifiers (45 CFR 164.514(b)(2)(i)). It is meant to give an honest measurement.

``CLEAN`` holds PHI-free requests. Many of them deliberately contain details that look
like identifiers (IP/MAC addresses, practice and vendor phone and fax numbers, staff and
vendor emails, URLs, serial numbers, asset tags, licence keys, ticket/invoice/PO/order
numbers, outage dates, KB numbers, staff names, practice addresses) but that belong to
the practice, its staff or its equipment, never to an identifiable patient.

``PHI`` holds texts that identify a patient: SSNs, MRNs, dates of birth, health-plan
member IDs, patient account numbers, named patients with a patient cue, and a patient's
phone, email, address, implant or device serial, licence plate and similar identifiers.

All names, numbers, addresses and domains are fictional.
"""

CLEAN = [
    (
        "Internet is down at the front desk since about 7:45, nobody can get into Epic and we"
        " have patients waiting."
    ),
    (
        "Whole office lost network around 2:15pm. Modem lights are blinking orange. Comcast "
        "ticket is CR-88310427."
    ),
    (
        "Our ISP says there is an outage in the area, their reference number is 4471-22983. "
        "Can you fail us over to the LTE backup?"
    ),
    "Front desk printer (HP LaserJet M404dn, asset tag CLN-0231) is printing blank pages again.",
    (
        "The Zebra label printer at check-in keeps skipping every other label. Serial "
        "ZBR-41D1928374. Already replaced the roll."
    ),
    (
        "Can someone look at the Brother printer in the back office? It shows 'Paper Jam 74' "
        "but there is no paper in it."
    ),
    (
        "The scanner at registration (Fujitsu fi-7160, SN A4GB012553) isn't showing up in "
        "eClinicalWorks anymore."
    ),
    (
        "Dr. Patel can't log in to Epic this morning, it says her password expired. Her "
        "username is apatel."
    ),
    (
        "Please reset the Windows password for Maria Gonzalez at the front desk, username "
        "mgonzalez, she is locked out."
    ),
    (
        "New hire starting Monday 03/17: Kevin Tran, medical assistant. Needs AD account, "
        "email ktran@brookfieldpeds.example.com and Epic access."
    ),
    (
        "eClinicalWorks throws 'Error 1722: RPC server unavailable' whenever we try to open "
        "the scheduler."
    ),
    "Dentrix keeps crashing on the hygiene workstation in Op 4 with error code 0x80004005.",
    (
        "athenahealth says 'Session expired (code ATH-401)' every 10 minutes for everyone at "
        "the Riverside location."
    ),
    (
        "The patient portal is down, patients are calling saying they can't log in. Can you "
        "check if it's on our side?"
    ),
    (
        "We have 14 patients checked in and the check-in kiosk just froze. Please call the "
        "front desk ASAP at (617) 555-0134 ext 201."
    ),
    (
        "Our main line (412) 555-0117 is going straight to voicemail, the auto attendant "
        "isn't picking up."
    ),
    (
        "Extension 214 in exam room 6 has no dial tone. The phone is a Yealink T46S, MAC "
        "80:5E:C0:1A:2B:3C."
    ),
    (
        "Please forward the main number 303-555-0166 to the answering service after 5pm "
        "starting Friday."
    ),
    (
        "Our fax number (503) 555-0192 stopped receiving faxes yesterday afternoon. Outgoing "
        "still works."
    ),
    (
        "RingCentral wants our account number to open a case, it's 1184229044. Can you call "
        "them? I'm stuck with patients."
    ),
    (
        "VPN keeps disconnecting for Dr. Okafor when she works from home. FortiClient 7.2.3, "
        "error -7200."
    ),
    (
        "The Wi-Fi in the waiting room (SSID ClinicGuest) is down; the staff Wi-Fi "
        "(ClinicStaff) is fine."
    ),
    (
        "Workstation WS-FD-02 got IP 169.254.12.44, looks like DHCP isn't working on VLAN 20 "
        "(10.20.0.0/24)."
    ),
    (
        "Can you add a DHCP reservation for the new Lexmark printer, MAC 00:21:B7:4C:9E:12, "
        "IP 192.168.10.45?"
    ),
    "Firewall at 10.0.0.1 reboots itself every few hours. Firmware is FortiOS 7.0.12.",
    "Windows update KB5034441 failed on three machines in billing, error 0x80070643.",
    "After KB5036893 installed last night the label printer driver stopped working.",
    (
        "Please schedule the server maintenance window for Saturday 6/8 from 10pm to 2am so "
        "it doesn't hit clinic hours."
    ),
    (
        "Reminder: Epic upgrade scheduled for 2024-11-09 at 21:00, expected downtime about 4 "
        "hours. Downtime forms are printed."
    ),
    (
        "Our Microsoft 365 renewal is due 09/30/2025, contract #MS-EA-44810-B. Please confirm"
        " the license count before then."
    ),
    (
        "Invoice INV-2024-08817 from Henry Schein for the new sensor cables, is this covered "
        "under our service agreement?"
    ),
    "PO 45521 for the two new Dell OptiPlex 7010s was approved, please go ahead and order.",
    "Dell order 1019283746 shipped, UPS tracking 1Z999AA10123456784. Should arrive Thursday.",
    "Dell service tag 7HXK2Y3 on the nurse station PC: the fan is grinding really loudly.",
    (
        "The x-ray sensor in Op 2 (Schick 33, serial 50121778) isn't detected by Dentrix "
        "after the update."
    ),
    (
        "The card terminal at checkout (Clover Flex, SN C043UQ03920195) says 'Not connected "
        "to server'."
    ),
    (
        "Citrix Workspace error 'Cannot connect to server 10.12.4.20' for everyone in the "
        "billing office."
    ),
    (
        "Email to frontdesk@lakesidefamilymed.example.com is bouncing, the NDR says 550 5.7.1"
        " relay denied."
    ),
    (
        "Got a phishing email pretending to be our bank, sender "
        "billing-alerts@secure-payments.example.net. I deleted it, anything else?"
    ),
    (
        "Can you whitelist noreply@labresults.example.com? The result notifications are all "
        "landing in junk."
    ),
    "Nurse Jenna in room 12 says her monitor flickers whenever somebody opens the door.",
    "Ask Maria at the front desk for the alarm code when you come on site, she is in from 7:30.",
    "Dr. Nguyen would like a second monitor at her desk in office 204.",
    "Please set up a shared mailbox referrals@harborpeds.example.org for Angela and Tom.",
    "Epic Hyperspace shows 'Unable to connect to the database, error 5012' since about 8:10.",
    (
        "The vitals monitor integration (Welch Allyn Connex, IP 10.30.5.61) stopped sending "
        "vitals into the EHR."
    ),
    (
        "The UPS in the server closet is beeping and says replace battery. APC Smart-UPS "
        "1500, SN AS1852143021."
    ),
    "Backup job on NAS01 (192.168.1.20) failed last night with 'destination full'.",
    "Veeam job 'EHR-Nightly' failed on 2024-03-02 with 'Failed to create VM snapshot'.",
    (
        "We're moving to our new suite at 4410 Harbor View Drive, Suite 210 on July 1. We "
        "need network drops in 6 rooms."
    ),
    (
        "Please call Sirona support at 1-800-555-0148 with our customer ID 300477 about the "
        "CEREC mill error."
    ),
    "Dentrix support case #07733189: they say our IT has to open port 1433 on the server.",
    (
        "athenahealth support ticket 58839201 is still open, they want the browser cache "
        "cleared on all PCs. Can you push that?"
    ),
    (
        "Someone called claiming to be Microsoft support from 206-555-0173 and asked for "
        "remote access. I hung up."
    ),
    "The intake iPad (asset tag TAG-0419) won't join the Wi-Fi anymore.",
    "The waiting room TV is stuck on the Samsung logo. Not urgent.",
    "Can you install Adobe Reader on the new PC in room 7? Hostname CLIN-RM07.",
    "Can't print wristbands from Epic, it says 'Printer ZD410-WB not found'.",
    "Our domain brookfieldpeds.example.com expires on 04/22/2025, please make sure it renews.",
    (
        "The SSL certificate for portal.riversideortho.example.com expires 2025-02-14, "
        "browsers will start warning patients."
    ),
    "Our website https://www.lakesidefamilymed.example.com shows a 503 error.",
    (
        "EPCS token for Dr. Amir Haddad needs to be re-enrolled, his NPI is 1093817465 if the"
        " vendor asks."
    ),
    (
        "Outlook keeps asking Dr. Schultz for her password every time she opens it. She's on "
        "Office build 16.0.17328."
    ),
    "Teams calls drop after exactly 60 minutes for the billing team. Started Tuesday.",
    "Please disable the account for Brittany Howell (bhowell), her last day was Friday 5/31.",
    "Can you give Luis Romero read-only access to the \\\\fs01\\billing share?",
    "The shared drive S: is missing on all the exam room PCs since this morning.",
    "The mapped drive to \\\\192.168.1.20\\scans disconnects every afternoon.",
    "Our phone vendor Vonix needs a port-out PIN for our numbers 555-0121 through 555-0129.",
    (
        "Nobody can hear callers on the front desk phones, but callers can hear us. Ext 200, "
        "201 and 202."
    ),
    (
        "Call queue 'Scheduling' is not ringing ext 305 and 306. Hunt group settings got "
        "reset maybe?"
    ),
    (
        "The door buzzer at the back entrance stopped working. Not sure if that's you or the "
        "building."
    ),
    "Power blinked at 10:52 and now three PCs won't boot. Room 3, room 5, and the lab.",
    (
        "Is there a way to stop Windows from restarting the lab PC overnight? It keeps "
        "interrupting the centrifuge log."
    ),
    "Please install the new Henry Schein One update 24.3.1 on all operatory PCs after hours.",
    "Eaglesoft shows 'Database service not running' on every station. Server is DENTAL-SRV01.",
    "Open Dental asks for the MySQL password after the update to 23.3.45. We don't know it.",
    "Can you check why the NextGen client is so slow today? Login takes over 2 minutes.",
    "Our Kareo/Tebra billing site just shows a spinning wheel for everyone.",
    "DrChrono app on the iPads is stuck on 'Syncing...' since the iOS 17.4 update.",
    "Greenway Intergy returned error IGY-2207 when posting the batch this morning.",
    (
        "Please add Dr. Rebecca Ames as a new provider in the scheduler and give her an Epic "
        "login. She starts 2/3."
    ),
    (
        "The laptop for the practice manager, Denise, is showing a BitLocker recovery screen."
        " Key ID starts with 4F2A91C3."
    ),
    (
        "Denise's laptop, recovery key ID 4F2A91C3-0B77-4E2D-9C11-7A3E5D2B8F06. Can you look "
        "up the recovery key?"
    ),
    "Printer in the nurses station prints everything in tiny font from Epic but fine from Word.",
    "Toner order for the front desk: HP 58X, quantity 4. PO 45602.",
    (
        "Received invoice 88214 from Northline IT Supply for $1,240.00, I don't think we "
        "ordered this, can you check?"
    ),
    (
        "Our Comcast business account number is 8773 40 221 0094812, they want it to schedule"
        " the tech visit."
    ),
    (
        "The tech from the ISP is coming 4/15 between 8 and 12. Can someone be here to let "
        "them into the closet?"
    ),
    "We need 3 new headsets for the call center area. Jabra Engage 55, same as last time.",
    "Exam room 9 PC won't wake from sleep, have to hold the power button.",
    (
        "Dr. Lindqvist says the dictation software (Dragon Medical One) isn't picking up her "
        "microphone."
    ),
    "PowerMic in room 4 is not recognized since the Windows update last night.",
    (
        "Scanner in billing is scanning to the wrong folder, it should go to "
        "\\\\fs01\\scans\\billing."
    ),
    (
        "Our fax line is getting junk faxes every night, around 40 pages. Can we block the "
        "sender 855-555-0190?"
    ),
    (
        "Please add the new lab courier number 312-555-0109 to the speed dial on the front "
        "desk phones."
    ),
    (
        "Fax to the hospital at (614) 555-0188 keeps failing with 'No answer'. We send "
        "referrals there daily."
    ),
    "The label printer in the lab prints specimen labels rotated 90 degrees. Model Zebra GX420d.",
    "Epic reports 'Print job failed: PJ-0049' on the after-visit summary printer in pod B.",
    "The check-in kiosk in the lobby reboots itself every 20 minutes. Kiosk ID KSK-LOBBY-01.",
    (
        "Can you unblock youtube.com for the training room PC? Staff have compliance videos "
        "to watch."
    ),
    "Our Okta admin portal says the SAML certificate expires on June 3rd 2025.",
    "Duo push notifications are not arriving for Dr. Fisher. Her phone is a new iPhone 15.",
    "Please enroll the new front desk phone in Duo, it belongs to the office, not a person.",
    "The nurse triage line ext 410 rings but doesn't go to voicemail after 6 rings.",
    (
        "Can we change the after-hours greeting? The new hours start 9/1: Mon-Thu 8 to 6, Fri"
        " 8 to 4."
    ),
    "Our IP phones all show 'No Service' since 9:05 this morning. SIP server is 203.0.113.25.",
    "The camera system NVR (Hikvision, IP 192.168.50.10) stopped recording on 2/19.",
    "Please renew the Sophos license, key 9A7C-22FD-1B0E-44A3, expiring end of month.",
    "Our Windows Server 2016 on HOST02 goes end of support in 2027, can we plan a replacement?",
    "The autoclave's logging PC (asset CLN-0552) needs a new keyboard, the Enter key is broken.",
    "Blood pressure machine in triage shows 'Network Error E12' but the readings still print.",
    "Dr. Baptiste wants the EHR font larger on her laptop. Laptop tag CLN-0618.",
    (
        "We got 3 emails from docusign-notice@mail-sign.example.net asking to sign a "
        "contract. Looks fake?"
    ),
    (
        "Please unlock the account for the MA float, username ma.float2. She typed her "
        "password wrong too many times."
    ),
    (
        "Our printers all show offline after the switch in the closet was replaced. Switch IP"
        " 10.1.1.2."
    ),
    "Ports 12 through 18 on the closet switch are dead. Labelled patch panel B.",
    "Need a network jack activated in room 11 for the new EKG cart. Jack number B-114.",
    "The EKG cart (GE MAC 2000, asset CLN-0710) can't send tracings to the EHR anymore.",
    (
        "Please send the quote for the new server to our practice manager at "
        "ops@sunvalleydental.example.com."
    ),
    (
        "We paid invoice 2024-1187 by check #4471 on 3/12, but we got a past-due notice. Can "
        "you check with your billing?"
    ),
    "Can you update our Google listing to the new phone number (720) 555-0143?",
    (
        "Epic is down at all three sites. Downtime procedures started at 08:32. Please update"
        " us every 30 minutes."
    ),
    "We are running on paper charts until the EHR comes back, how long will this take?",
    "Chart room scanner jams on every third page. Canon DR-C225, asset CLN-0147.",
    (
        "The 'Chart Prep' report in eCW comes out blank for everyone today. Is the report "
        "server down?"
    ),
    "Nobody can open charts in Dentrix, it just says 'Loading...' forever.",
    "The patient check-in screen in athenaOne is frozen for all front desk users.",
    "Patients can't pay online, the payment page on the portal throws error 'PMT-500'.",
    (
        "Our online scheduling widget on the website isn't showing any open appointments "
        "since Monday."
    ),
    "The appointment reminder texts didn't go out last night. Usually around 300 go out at 6pm.",
    (
        "Patient reminder calls are going out with the old clinic phone number. Can we update"
        " the template to (480) 555-0152?"
    ),
    "The waiting room sign-in tablet says 'License expired'. License key HX7P-4K2M-99QA-1LRT.",
    "We saw 62 patients today and the system was slow all day. Can you check the server?",
    "Front desk says the queue display in the lobby is showing yesterday's list.",
    (
        "The portal registration email is going out from the wrong address, should be "
        "portal@cedarhillclinic.example.com."
    ),
    (
        "Hi, this is Priya from Cedar Hill. Our fax server hasn't delivered anything since "
        "1pm, queue shows 23 items."
    ),
    (
        "Priya again, the fax server is back but the 23 items went to the wrong inbox "
        "(faxes@cedarhillclinic.example.com)."
    ),
    "Please add Nurse Practitioner Jordan Ellis to the 'Clinical Staff' distribution list.",
    (
        "Dr. Morales will be out 7/22 to 8/2, please set an out-of-office on her email and "
        "forward to Dr. Kaur."
    ),
    "The e-prescribing module says 'Surescripts connection failed (code 1201)'.",
    (
        "Our lab interface with Quest stopped sending results at 11:00. Interface engine is "
        "on 10.5.2.14 port 6661."
    ),
    "HL7 messages from the lab are stuck in the queue, count is 412 and growing.",
    "Mirth channel 'ADT-OUT' is in error state since 04:17 this morning.",
    "The interface to the imaging center (VPN tunnel to 198.51.100.40) is down.",
    "IPsec tunnel to the hospital dropped at 22:41 and hasn't come back. Peer is 203.0.113.9.",
    "We need a site-to-site VPN for the new satellite office, their public IP is 198.51.100.77.",
    (
        "Please open TCP 443 from 203.0.113.0/24 to our portal server at 10.10.10.50, the "
        "vendor needs it."
    ),
    (
        "The printer at 10.20.0.31 has the same IP as one of the new laptops, we keep getting"
        " conflicts."
    ),
    "Wi-Fi access point AP-HALL-2 (MAC 24:A4:3C:9F:10:E2) is blinking red.",
    "Can we get better Wi-Fi in rooms 14 through 18? The laptops drop off every few minutes.",
    "Our Meraki dashboard shows the MX at the Oak Park site offline since 3:12am.",
    (
        "The guest Wi-Fi password needs to be changed, it's printed on the old signs. New one"
        " please."
    ),
    "Could you renew the DHCP scope on 192.168.20.0/24? It's full, new devices get no address.",
    "DNS isn't resolving our EHR hostname ehr.internal.example.org from the new laptops.",
    (
        "IPv6 on the new router is handing out addresses like 2001:db8:4a1::15 and the EHR "
        "client doesn't like it."
    ),
    "Ping to 8.8.8.8 works but no websites load. DNS problem?",
    "Traceroute from the front desk dies after hop 3 (10.0.0.1 -> 100.64.0.1 -> timeout).",
    "The new switch needs VLAN 30 for voice, VLAN 20 for data. Uplink on port 48.",
    (
        "Can you send me the Wi-Fi password for the staff network? I'm the new office "
        "manager, Carla."
    ),
    "Please change the admin password on the front desk printer, it's still the default.",
    "Our Xerox copier (serial 3391046152) needs a service call, code 075-100 on the display.",
    "Konica copier shows 'C2557' and won't print in color. Meter read is 184,332.",
    (
        "The Dymo label printer for the lab prints blank labels. It's a LabelWriter 450, "
        "serial 93089-1140235."
    ),
    "Can you reinstall the signature pad driver? Topaz T-LBK462, at checkout desk 2.",
    (
        "Card reader for insurance cards (Ambir ImageScan) isn't scanning into the "
        "registration screen."
    ),
    "Please check whether the Epic printer mapping for dept 1040 (Family Medicine) is correct.",
    "Epic says 'Department 1040 is not available for login' for the new MA.",
    "In eCW the facility code FC-22 shows the old clinic name after the rebrand.",
    (
        "Is there a way to make the fax cover sheet show our new fax number 555-0177 instead "
        "of the old one?"
    ),
    "Our practice NPI on the claims template is wrong. It should be 1669473820 for the group.",
    (
        "Clearinghouse (Availity) rejected our whole batch 0417-B with error 'Submitter ID "
        "invalid'. Ours is 4410022."
    ),
    (
        "Our Tax ID needs updating in the billing software template. I'll call you, don't "
        "want to type it here."
    ),
    (
        "ERA files from the clearinghouse aren't downloading since the update. Batch date "
        "2025-01-06."
    ),
    "Change Healthcare connection still failing, their status page says incident INC-29931.",
    (
        "The billing team can't print the daily deposit report, Crystal Reports error 'Logon "
        "failed'."
    ),
    (
        "Please set up the new scanner shortcut 'EOB' for billing, destination "
        "\\\\fs01\\billing\\eob."
    ),
    "The front desk PC clock is 7 minutes off, so the sign-in times are wrong.",
    "Dr. Weiss's laptop needs Windows 11, it is still on 10 22H2.",
    "Upgrade all front desk PCs to Chrome 124, the payment portal requires it.",
    "Java update broke the old lab ordering applet. We need Java 8u391 back on the lab PC.",
    "The dental x-ray machine PC (Op 3) shows 'Sensor not calibrated, code 17'.",
    (
        "Panoramic x-ray (Planmeca ProMax, serial PM2D-44180) won't send images to the "
        "imaging software."
    ),
    "CBCT workstation is out of disk space, D: has 2 GB left.",
    (
        "Can you move old x-ray images from 2019 to the archive drive? The imaging server is "
        "getting full."
    ),
    "Intraoral camera in Op 5 shows a black image in Dentrix only.",
    "The hygiene department needs 4 new foot pedals for the intraoral cameras.",
    (
        "Can you check the voicemail-to-email for ext 112? Messages stopped arriving in "
        "nurseline@westgatefm.example.com."
    ),
    "The voicemail box for the main line is full, 100 messages. Can you clear the old ones?",
    "Please record a new holiday greeting: closed 12/24 and 12/25, open 12/26 at 9am.",
    (
        "Our after-hours line forwards to the on-call provider cell, which changes weekly. "
        "Can the front desk change it themselves?"
    ),
    "Dr. Reyes is on call this week, please forward after-hours to her cell 555-0187.",
    "The on-call forwarding is still going to Dr. Park's cell (415) 555-0162 from last week.",
    "The conference room phone (Poly Trio, MAC 64:16:7F:AA:30:9B) won't register.",
    "Our new practice location: 902 Lakeview Road, Building B. Internet install is 10/14.",
    "Comcast install at 902 Lakeview Road rescheduled to 10/21, order number 1-88GH9KX.",
    (
        "We got a letter that our domain registration account will close. Registrar account "
        "ID 77402119. Scam?"
    ),
    (
        "Our Google Workspace admin is the old manager's account, "
        "admin@pinecrestdental.example.com. Can you transfer it?"
    ),
    (
        "Please add DKIM for pinecrestdental.example.com, our emails are going to spam at the"
        " hospital."
    ),
    "Outbound email quarantined: 40 messages from billing@ stuck since 2pm.",
    "The secure email (Paubox) add-in disappeared from Outlook on all PCs.",
    (
        "Encrypted email links from the hospital don't open, it says 'Link expired' even on "
        "new messages."
    ),
    "User jsmith got an MFA prompt she didn't request at 3:14am. Should we reset her password?",
    (
        "Possible phishing: Dr. Kline clicked a link in an email from "
        "hr-update@benefits-portal.example.net. Please check her PC."
    ),
    "Antivirus flagged 'Trojan.GenericKD.4831' on WS-BILL-03. Quarantined but please look.",
    (
        "A pop-up says the PC is infected and to call 1-888-555-0119. Front desk didn't call."
        " What now?"
    ),
    "Please give me the asset list for the Westgate clinic, the auditor wants it by 11/15.",
    (
        "Our cyber insurance renewal asks if we have MFA on email and backups offsite. Can "
        "you confirm in writing?"
    ),
    (
        "Policy renewal for our cyber insurance, policy number CYB-2291047, wants our latest "
        "risk assessment."
    ),
    "We need the HIPAA security risk assessment report from last year for the auditor.",
    (
        "The shredding company is coming Tuesday, please make sure the old hard drives are in"
        " the locked bin."
    ),
    (
        "Three old PCs (tags CLN-0102, CLN-0107, CLN-0119) are ready for disposal. Please "
        "wipe and send certificates."
    ),
    (
        "Can you confirm the certificate of destruction for the drives picked up on "
        "08/14/2024? Reference CD-55210."
    ),
    "Our BAA with the IT vendor expires this year, can you send the new one?",
    "Please send over the new contract for the managed services, contract number MSA-2025-0193.",
    "Our support agreement number is SA-40877, the vendor says it's expired. Can you check?",
    "Quote Q-10442 for the new firewall looks high. Can we do the smaller model?",
    "Order #55120-A for 10 docking stations: two arrived damaged.",
    "The RMA for the broken monitor is RMA-7710034, the replacement hasn't arrived.",
    "Lenovo warranty for serial PF3K9X2L expired 6/30, do we need to extend it?",
    "HP case number 5088123456 for the plotter, they'll call our office line at (919) 555-0138.",
    (
        "Our dental software vendor's support is 1-877-555-0126, option 3. They want remote "
        "access through TeamViewer."
    ),
    "Vendor wants to connect with TeamViewer ID 1 482 993 017. Is it OK to let them in?",
    "Please approve the remote session from Epic TS, session code 448-210.",
    (
        "The new ultrasound machine needs a static IP on the clinical VLAN. Vendor contact is"
        " Sam, sam.k@sonovendor.example.com."
    ),
    "The lab analyzer (Abaxis Piccolo, SN 0000P27031) won't export results to the LIS.",
    (
        "Fridge temperature sensor in the vaccine room stopped reporting. Sensor ID TMP-0033,"
        " gateway 10.40.1.9."
    ),
    (
        "The vaccine fridge alarm texts go to the old office manager's cell. Please change to"
        " 555-0114."
    ),
    (
        "Our practice's Medicare PTAN needs to be in the clearinghouse profile. I have it, "
        "will call."
    ),
    "The medical assistants need the new 'Rooming' template added in eCW. Template ID T-3381.",
    (
        "Can you restore the file 'schedule_template_2024.xlsx' from the S: drive? It got "
        "overwritten at 2:30 today."
    ),
    (
        "Restore request: folder \\\\fs01\\admin\\HR\\policies was deleted by accident yesterday "
        "around 4pm."
    ),
    "The backup report says 'Last successful backup: 11/02/2024 02:00'. That was a week ago!",
    "Offsite backup to Backblaze is failing, bucket clinic-backups-04, error 401 unauthorized.",
    "Our server's RAID shows one degraded disk. Dell PERC, controller alert 2027.",
    "Disk 2 in the server failed, replacement part number 400-ATJL. Service tag 9KLM3P2.",
    "Please patch the server tonight. The KBs pending are KB5035857 and KB5034439.",
    "Hi team, the Wi-Fi in the east wing is dropping again. It's been on and off since lunch.",
    "Our main printer is out of toner and the backup one won't turn on. Help!",
    "Nothing urgent, but the keyboard at reception has a sticky space bar.",
    (
        "The phones are ringing but nobody can answer, the handsets just beep. Please call my"
        " cell, I'm the manager: 555-0170."
    ),
    "Can you come on site Thursday? Three exam room PCs need RAM upgrades. Rooms 2, 4, 8.",
    (
        "We hired two new front desk people, Ashley Moore and Derek Lin. Start date 1/6. "
        "Usual setup please."
    ),
    "Please remove Dr. Hale's access to all systems effective today, she has left the practice.",
    "Can you make Tanya a local admin on her PC? She needs to install the lab label software.",
    "Our scanners are saving PDFs at 600 dpi and the files are huge. Can we drop to 200?",
    "Is it safe to open an attachment called 'Invoice_30492.pdf.exe'? It came from a vendor.",
    "The 'Send to chart' button in the scanning software is greyed out for all the MAs.",
    (
        "When we attach a scanned document to a chart in eCW it says 'Document type not found"
        " (DT-09)'."
    ),
    (
        "The nurses can't see the lab results tab in the chart after the upgrade. Is it a "
        "permission thing?"
    ),
    "The chart search in Epic is extremely slow, 30+ seconds for every lookup.",
    (
        "Charts are opening with the wrong default tab for Dr. Singh. Can you reset her Epic "
        "preferences?"
    ),
    (
        "The front desk can't merge duplicate patient records anymore, the button is gone. "
        "Role issue?"
    ),
    (
        "Patient labels are printing with the barcode cut off on the right side. Label size "
        "2.25 x 1.25 in."
    ),
    "Wristband printer in the ER prints the band but the barcode won't scan.",
    "Our patient satisfaction survey emails are going out twice. The vendor is SurveyLoop.",
    (
        "Can you check why patients get 'Page not found' when they click the portal link in "
        "our emails?"
    ),
    (
        "Portal login page shows the old logo. Can you update the branding? The new logo is "
        "in the shared drive."
    ),
    "Patients on Android can't download our portal app, it says 'not compatible'.",
    "We need a second check-in kiosk for flu season, we're expecting 200 patients a day.",
    (
        "Flu clinic Saturday 10/12 from 8 to 2. Can you make sure the laptops in the gym are "
        "charged and on Wi-Fi?"
    ),
    (
        "Mobile vaccination van needs the hotspot set up again. Hotspot IMEI is on the box, "
        "I'll read it to you."
    ),
    "The hotspot in the mobile unit (Verizon, line 555-0159) ran out of data.",
    "Telehealth visits keep freezing, Doxy.me says our upload speed is too low.",
    "Zoom for Healthcare asks Dr. Bauer to update, but she doesn't have admin rights.",
    "Can you create a Zoom room for the Tuesday staff meeting? Recurring, 12:30 to 1:15.",
    "Telehealth cart in room 15 has no audio. Logitech Rally bar, serial 2019LZ0A3K8.",
    "We need headsets with noise cancelling for the 4 telehealth rooms.",
    (
        "Please update the telehealth waiting room link on the website to "
        "https://clinic.example.com/visit/drgarcia."
    ),
    "The tablet stand in the lobby is loose, can someone tighten it when you come Tuesday?",
    (
        "Our building alarm company needs the static IP of our router for the new panel. Is "
        "it 198.51.100.23?"
    ),
    "The badge reader at the staff entrance isn't reading Jess's badge. Badge number 10482.",
    "Please give Marcus badge access to the server closet, badge 10533.",
    "Security camera at the back lot is offline, camera 7 on the NVR.",
    "Our lease says the landlord handles the fiber. Contact is Greg at (713) 555-0105.",
    "The landlord's fiber guy is coming Friday 3/8 at 9:30 to the closet in suite 120.",
    "Need a quote for moving the server rack to the new room 130B.",
    "Please install the new firmware 2.14.7 on all the Yealink phones after hours.",
    "Dr. Abernathy says her dictations from the mobile app are not uploading. App version 6.2.1.",
    "The medical transcription service can't reach our SFTP at sftp.westgatefm.example.com:22.",
    "Please reset the SFTP password for our transcription vendor, user transcribe01.",
    (
        "Reports from the transcription vendor arrive in \\\\fs01\\inbound but the import job "
        "isn't running."
    ),
    "Scheduled task 'ImportTranscripts' failed with 0x1 at 06:00.",
    "The referral coordinator, Olivia, needs Adobe Acrobat Pro for editing forms.",
    "Adobe license for Olivia: serial 1118-1944-7720-5530-1168-3301. Is this still active?",
    "Can you order a new laptop for the CFO? Budget about $1,500. Needs Windows 11 Pro.",
    "We need 6 new UPS units for the front desk. APC BX1500M. PO to follow.",
    "Monitor in room 3 shows 'No signal' after someone moved the PC to clean.",
    "The label printer for prescriptions (Dymo 450 Turbo) prints on two labels at once.",
    "The ultrasound printer (Sony UP-D898MD) is out of paper. Where do we order?",
    "The check scanner for deposits (Panini Vision X) isn't detected after the Windows update.",
    (
        "I forgot my password and I'm locked out. This is Nadia, billing, username nadia.b. "
        "Call me at ext 317."
    ),
    (
        "Please reset MFA for Dr. Rousseau, she got a new phone. Username "
        "drousseau@oakparkpeds.example.com."
    ),
    (
        "Who do I call after hours if the server goes down? Is 1-866-555-0131 still the "
        "emergency line?"
    ),
    "Our after-hours support line 1-866-555-0131 went to a voicemail that said the box is full.",
    "The fax from the pharmacy at 555-0198 keeps coming in as blank pages.",
    "Our e-fax number changed to (888) 555-0147, please update the cover sheet template.",
    "Please port our old fax line 316-555-0183 to the e-fax service.",
    "Printer in exam room 10 prints a test page every morning at 8 on its own.",
    (
        "All computers show a 'Your license will expire soon' message for Windows. Activation"
        " error 0xC004F074."
    ),
    "KMS server at 10.0.0.15 isn't activating the new PCs.",
    (
        "The time clock system for staff (Kronos terminal, IP 192.168.10.77) is offline, "
        "people can't clock in."
    ),
    "Payroll software ADP needs Chrome extension updated on Karen's PC.",
    "HR needs a secure folder for staff files that only Linda and I can see.",
    (
        "Staff birthday list spreadsheet got deleted from the shared drive. Can we restore it"
        " from last week?"
    ),
    "The break room TV needs to be on the guest network, not the staff one.",
    "Please block personal email sites on the front desk PCs per our new policy.",
    (
        "New policy: screens must lock after 5 minutes in exam rooms. Can you push that via "
        "group policy?"
    ),
    (
        "Front desk says the screen locks too fast now, can we set it to 10 minutes at "
        "reception only?"
    ),
    (
        "Can we get privacy filters for the 4 monitors at check-in? Patients can see the "
        "screens from the line."
    ),
    "The noise from the server closet is bothering patients in room 1. Can the fans be checked?",
    "The AC in the server room failed on Sunday, temp got to 95F. Please check the hardware.",
    "Server room temperature alert: 31 C at 14:22. Sensor TS-01.",
    (
        "Is the old Windows 7 PC in the lab still needed? It's connected to the analyzer. Tag"
        " CLN-0044."
    ),
    "The lab analyzer vendor says the PC must stay on Windows 7. What do we do for HIPAA?",
    "Please put the lab analyzer PC (192.168.30.12) on an isolated VLAN.",
    "Dental chair sensor unit in Op 1 shows 'USB device not recognized'.",
    "Our Dentrix Ascend subscription shows 'Payment past due'. Invoice DA-2210048.",
    (
        "Patterson support wants the Eaglesoft license number: ESL-55739-0021. Is it OK to "
        "give it to them?"
    ),
    "CareStack sync errors: 'Sync conflict SC-104' on the front desk PC since Friday.",
    (
        "The practice management system will be down for migration on Sunday 2025-03-16 from "
        "06:00 to 14:00."
    ),
    "The new EHR go-live is 04/01/2025. We need training accounts for 22 staff by 03/20.",
    (
        "Training environment URL is https://train.ehr.example.org, but it doesn't load from "
        "the clinic."
    ),
    "Epic Playground logins for new hires: please set up for Ana, Brian, and Chloe.",
    (
        "Can you check whether the clinic's Epic Haiku app is allowed on personal phones? MDM"
        " question."
    ),
    "Intune says Dr. Collins's iPhone is non-compliant because it's on iOS 16.",
    (
        "Please wipe the lost work phone: iPhone 13, asset tag CLN-0801, assigned to the "
        "triage nurse."
    ),
    "The work phone for the on-call nurse (555-0163) was left in a cab. Please lock it remotely.",
    "We found a USB stick in the parking lot. Should we plug it in to see whose it is?",
    "Please audit who accessed the shared mailbox on 9/5 between 1pm and 3pm. Compliance asked.",
    (
        "The compliance officer needs the audit log export from Epic for user hbrooks for the"
        " last 30 days."
    ),
    (
        "Can you send me the login history for user kpatel@clinic.example.org, she thinks "
        "someone used her account?"
    ),
    (
        "Our Epic printer 'FM-RX-01' is printing prescriptions on plain paper instead of the "
        "security paper tray."
    ),
    "Rx security paper tray (tray 2) is not selected for the script printer at 10.20.0.44.",
    (
        "The eRx signature pad hangs at 'Waiting for device'. Device is a Topaz SigLite, S/N "
        "46221918."
    ),
    "The e-prescribing token for Dr. Ortega is flashing red. Token serial 1284-5531.",
    "Staff cannot reach the internet but Epic works. Proxy at 10.0.0.8:3128 down?",
    "The front desk webcam for insurance card photos isn't working in the registration screen.",
    "Please disable USB storage on the reception PCs.",
    "Can you extend the Wi-Fi to the parking lot? Staff do curbside check-in in the cold months.",
    "We need a phone at the curbside check-in table. Extension 260 if possible.",
    "The 'Curbside' text line (555-0145) isn't receiving texts anymore.",
    "Patients are texting the curbside line and nobody sees the messages on the desktop app.",
    "The waiting room music stream stopped. It's on the little PC behind the desk.",
    (
        "Reception's second monitor is upside down after a Windows update. Ctrl+Alt+arrow "
        "didn't help."
    ),
    "Please check the printer queue on PRINT01, there are 57 stuck jobs from this morning.",
    "Pharmacy refill requests from the portal aren't creating tasks in the EHR since 10/2.",
    (
        "The 'Ask a nurse' form on our website sends to an old mailbox. Change to "
        "triage@lakesidefamilymed.example.com."
    ),
    "Hey, it's Tom in IT. Your ticket 24-10433 is resolved, the printer needed a new fuser.",
    (
        "Following up on ticket #INC0044172: the Epic client was re-installed on WS-RM05. "
        "Please test."
    ),
    (
        "Closing ticket 24-10571. Replaced the switch in closet B (new serial FOC2145X0QZ). "
        "Let me know if anything is off."
    ),
    (
        "Technician note: replaced the hard drive in the front desk PC, old drive tagged for "
        "destruction, ticket 24-10602."
    ),
    (
        "On site 3/21 from 2:00 to 4:30 for the firewall swap. New WAN IP is 198.51.100.66, "
        "gateway 198.51.100.65."
    ),
    (
        "Heads up: we are patching your servers tonight at 11pm. Epic will be unavailable "
        "about 20 minutes."
    ),
    (
        "Maintenance notice: Saturday 2025-05-10 from 20:00 to 23:00 we will replace the core"
        " switch."
    ),
    "The EHR vendor will apply hotfix 11.2.3.7 tomorrow at 6am. Please log everyone out by 5:45.",
]

PHI = [
    (
        "The label printer cut off the wristband for patient Robert Kim, MRN 00482913, can "
        "you fix the template?"
    ),
    "Epic froze while I was registering a patient, SSN 987-65-4321. Did the record save?",
    "The scanner put the insurance card for MRN 7730418 into the wrong chart, please move it.",
    "Patient DOB 03/14/1962 shows as 03/14/2062 in the portal, can you check the date format?",
    (
        "Fax to the specialist failed. It was the referral for Mrs. Chen, DOB 7/2/1948, "
        "please resend."
    ),
    (
        "Can you unlock the portal for patient Maria Alvarez? Her email is "
        "maria.alvarez77@example.com."
    ),
    (
        "Mr. Alvarez in room 3 is waiting for his colonoscopy prep instructions and the "
        "printer is jammed."
    ),
    "The eligibility check for member ID XQZ884120573 keeps timing out in athenaOne.",
    (
        "Insurance card scan failed for subscriber ID W2849173605, the front desk retyped it "
        "but it still errors."
    ),
    (
        "Patient account number 00-4471-2290 shows a negative balance after the update, "
        "billing thinks it's a bug."
    ),
    "Mrs. Chen's chart won't open in Dentrix, it says 'record locked by another user'.",
    (
        "Dentrix crashed while Dr. Lee was charting on patient Angela Brooks. Did we lose the"
        " perio chart?"
    ),
    (
        "Please fix the duplicate: John Whitaker, DOB 1957-09-23, has two charts, MRN 55102 "
        "and MRN 55187."
    ),
    "Can't print the after-visit summary for chart # 5512093, says 'Document too large'.",
    (
        "The portal shows the wrong phone number for patient Dana Price. Her cell is (555) "
        "555-0123, not the clinic's."
    ),
    (
        "Patient Samuel Ortiz called, he can't get the portal code. His email is "
        "s.ortiz.home@example.net."
    ),
    "The intake iPad crashed halfway through the forms for patient Lily Novak, born 11/30/2015.",
    (
        "Sending over the screenshot: MRN 448102, patient Harold Finch, the allergies tab is "
        "blank after the upgrade."
    ),
    (
        "Lab interface error for accession 24-118 on patient Teresa Gomez, DOB 5-18-71. "
        "Results not filing."
    ),
    "HL7 message stuck: PID|1||00912384^^^MRN||WALSH^KATHLEEN||19630811|F. Can you reprocess it?",
    "The eRx for patient George Mills (DOB 02/09/1951) didn't go to CVS, Surescripts error 1201.",
    (
        "Claim rejected, patient acct# 30019875, clearinghouse says 'Invalid subscriber'. Is "
        "it our template?"
    ),
    (
        "Medicare MBI 1EG4-TE5-MK73 doesn't validate in the eligibility screen, the patient "
        "is sitting at the desk."
    ),
    (
        "The wristband printer printed 'DOE, JANE  DOB 04/12/1958  MRN 2211904' on three "
        "bands, we only needed one."
    ),
    "Mrs. Okafor in room 2 is on oxygen and the vitals monitor stopped sending to her chart.",
    (
        "Patient Thomas Reyes has a pacemaker, S/N PX-4471-A9, and the remote monitoring app "
        "can't pair."
    ),
    (
        "Can you update the address for patient Ellen Park in the portal? She moved to 1200 "
        "Maple Street, Apt 4, Denver, CO 80203."
    ),
    (
        "Patient Kevin Nguyen's home address 77 Birch Lane, Salem, OR 97301 got printed on "
        "someone else's statement."
    ),
    (
        "The statement run printed the wrong balance for account number 7730015542 (patient "
        "Alice Monroe)."
    ),
    (
        "We scanned a driver's license for patient Brian Cole into the wrong folder. DL# "
        "K0042-117-88."
    ),
    (
        "Please recover the deleted document from chart MRN-0090431, it was the consent form "
        "for Mr. Haddad."
    ),
    (
        "Dr. Shah says the dictation for patient Rosa Delgado, MRN 3318207, uploaded to the "
        "wrong encounter."
    ),
    (
        "SSN 987 65 4323 got pasted into the notes field by mistake on a patient record. How "
        "do we purge it from the audit log?"
    ),
    (
        "Patient social security number 987654325 is visible in the export file, can you "
        "restrict it?"
    ),
    "The registration screen rejected SSN 912-48-3377 for Mr. Dominguez, says invalid format.",
    (
        "Hi, patient Marcus Bell is at check-in, his insurance member ID is UHC-9087731245 "
        "and eligibility won't run."
    ),
    (
        "The referral fax for Ms. Patricia Lowe (DOB March 14, 1962) went to the wrong fax "
        "number. Can you pull the log?"
    ),
    (
        "Can you look at the portal message from patient Jerome Wallace? He says he can't see"
        " his lab results from 2/12."
    ),
    "The patient portal locked out Gloria Sanchez, DOB 1979-06-02. She has tried 5 times.",
    (
        "The appointment reminder went to the wrong phone for patient Nina Patel, her mobile "
        "is 312-555-0171."
    ),
    "Patient Henry Dubois (chart 009812) can't be found by the kiosk when he scans his card.",
    "Our lab label printer printed 'MRN 7712094 SMITH, ROBERT' in a font too small to scan.",
    (
        "Please look at why the x-ray for patient Omar Farouk, born 8/19/1990, saved under Op"
        " 2's default patient."
    ),
    "Panoramic image for Mrs. Greta Holm didn't transfer to her chart. Chart number 44109.",
    "Specimen label for patient Daniel Cho, DOB 12-01-1984, printed without the barcode.",
    (
        "The scanner merged pages from two patients: Ruth Alder (MRN 1120844) and Paul Ingram"
        " (MRN 1120851)."
    ),
    (
        "The billing export shows member ID 88412093301 for patient Carmen Ruiz in plain text"
        " in the email. Is that OK?"
    ),
    (
        "Can you restore the voicemail from patient Frank Lutz? He left his callback number "
        "(614) 555-0133 and it got deleted."
    ),
    "The new fax server dropped a fax with lab results for Mr. Ivan Petrov, DOB 06/25/1944.",
    (
        "The portal shows patient Lucy Grant as 101 years old, is that a date bug? Her DOB is"
        " 1/1/1924."
    ),
    (
        "Patient is a 93 y/o female, Mrs. Edna Marsh, and the EHR won't let us enter her "
        "vaccine record."
    ),
    "Printing a care plan for Mr. Lionel Baker, 96 years old, crashes Word every time.",
    (
        "Teledoc link didn't work for patient Amy Foster, she used amy.foster.rn@example.org "
        "to register."
    ),
    (
        "Mr. Jacobs in room 5 needs his wife's number added as emergency contact, "
        "303-555-0122, but the field is read-only."
    ),
    (
        "Patient Sofia Marino's emergency contact (her husband, Luca Marino, 555-0181) is "
        "showing on the portal."
    ),
    "We need to correct the DOB for patient Willa Stone, it should be 09/09/1939 not 09/09/1993.",
    "Please check the eCW error when saving MRN E1104372, it says 'Encounter locked'.",
    "MRN# 00771822 shows two different DOBs in the chart header. Which table is wrong?",
    "Medical Record No. AB-773201 got merged by mistake into another chart. Can IT undo a merge?",
    "Patient Javier Soto, acct 55-00918, was charged twice at the card terminal.",
    (
        "The card terminal charged patient Helen Burke's card 4000 0000 0000 0002 twice, can "
        "you check the logs?"
    ),
    (
        "Mrs. Yamamoto's hearing aid (serial HA-88241K) won't connect to the fitting software"
        " in room 4."
    ),
    (
        "Patient Carl Benson's insulin pump, serial number INS-7730921, won't upload to the "
        "clinic's CareLink PC."
    ),
    (
        "Implant record for patient Wendy Shaw: UDI (01)00812345678905, needs to go into the "
        "chart but the field rejects it."
    ),
    "The CPAP data card for Mr. Hollis, device ID RS-20041739, won't read on the sleep lab PC.",
    (
        "Parking office asked us about patient Ben Arlo's car, license plate 7XKR512, "
        "blocking the ambulance bay."
    ),
    (
        "Patient Ruth Yeager's portal profile link https://portal.example.org/patient/48213 "
        "was sent to the wrong person."
    ),
    (
        "Portal logs show patient Nora Quinn logged in from 203.0.113.45 at 2am, she says it "
        "wasn't her."
    ),
    (
        "Patient Kyle Jensen, ZIP 62704, keeps getting the 'address not verified' error in "
        "the portal."
    ),
    (
        "The mailing for patient Iris Bloom bounced, her address is 418 Cedar Avenue, "
        "Springfield, IL 62704."
    ),
    "Please fix the label template, it printed 'Patient: Eva Lund  DOB: 1955-02-17' twice.",
    (
        "Can you check why the chart for Mr. Desmond Clarke (MRN 60023981) shows another "
        "patient's photo?"
    ),
    (
        "Patient Olivia Brandt's DOB is 04/30/2009 and the portal says she's too young for "
        "her own account, but she's 15. Help?"
    ),
    (
        "Pediatric patient Noah Weller, born 01/15/2021, can't be linked to his mom's portal "
        "account."
    ),
    "Mom (Rachel Weller, rachel.weller@example.com) can't see her son's chart in the portal.",
    "The fax of the MRI report for patient Leon Hartmann, MRN 0048812, came in blank.",
    (
        "We faxed records for patient Gina Russo, DOB 10/03/1966, to (720) 555-0104 but it "
        "was the wrong clinic. What do we do?"
    ),
    "Superbill printer printed 'Acct #: 00-5512-3308 / Pt: Morgan, Tia' on the wrong superbill.",
    (
        "Eligibility response for subscriber no. HP-2231-9087 says 'Member not found', but "
        "the patient has a card."
    ),
    (
        "Policy # BCX449918273 for patient Darius Hill was entered in the wrong field, how do"
        " we fix it?"
    ),
    (
        "The insurance card reader scanned 'Member ID: ZGP771203948, Name: LOPEZ ANDRES' into"
        " the notes."
    ),
    (
        "Patient Andres Lopez, member ID ZGP771203948, needs his eligibility re-run once the "
        "clearinghouse is up."
    ),
    "Beneficiary ID 5TG2-KM8-PJ93 for Mrs. Ramona Diaz doesn't save in the Medicare field.",
    (
        "Can you help? A patient, Abdul Rahman, SSN 987-65-4327, was registered twice by the "
        "front desk."
    ),
    (
        "I put the SSN 987-65-4329 of patient Mei Tanaka into the guarantor field by mistake."
        " Can IT remove it?"
    ),
    (
        "The export to the collection agency included SSNs, e.g. 987-65-4326 for patient "
        "Colin Ward. Is that allowed?"
    ),
    "Patient Jorge Castillo, born May 5, 1958, has a chart that won't load past the face sheet.",
    "The portal shows the wrong birthday for Mr. Teodoro Villa, DOB 5/5/58, it shows 5/5/2058.",
    (
        "We need the audit log for chart 7781003 (patient Priscilla Vance), there was a "
        "privacy complaint."
    ),
    (
        "Compliance wants to know who opened the record of patient Jasper Holt, MRN 00213377,"
        " on 6/3."
    ),
    (
        "Our employee Laura Kent is also a patient here, someone opened her chart MRN "
        "1992004. Please pull the access log."
    ),
    (
        "Dentrix shows 'Patient ID 40981 - Bianca Ferreira' on the x-ray screen of the wrong "
        "operatory."
    ),
    "Open Dental won't save the treatment plan for patient Kenji Watanabe, Pat Num 18842.",
    "Can you look at the perio chart for Mrs. Dolores Keane? It saved half the measurements.",
    "The CEREC crown design for patient Arthur Pym got lost when the mill PC rebooted.",
    "The hygienist can't open the x-rays for patient Selena Ortiz, born 12/12/1987, from 2022.",
    "Intraoral photos for patient Victor Hugo Ramos saved into the wrong patient's folder.",
    "Please move the CBCT scan from 'Unknown Patient' to patient Franklin Moss, DOB 7-7-1969.",
    (
        "Eaglesoft printed a statement with patient account #7720045 and the guarantor's home"
        " address 55 Pine Court."
    ),
    (
        "The referral letter template pulled in 'Jane Doe, 123 Elm Street, Austin, TX 78701' "
        "for every referral."
    ),
    (
        "The new label printer prints addresses cut off, e.g. 'Mr. Paul Fenn, 2208 Willow "
        "Brook Drive, Apt'."
    ),
    "Patient Nadia Hussain's cell number 469-555-0115 is getting other patients' reminder texts.",
    (
        "Reminder text for Mr. Okonkwo went to (404) 555-0149, which he says isn't his number"
        " anymore."
    ),
    (
        "Patient Irene Cole wants to change her portal email from irene.cole@example.com to "
        "icole58@example.net."
    ),
    "The portal invite bounced for patient Dennis Fry, email dfry1955@example.org.",
    (
        "Lab portal shows results for patient Hugo Brandt, DOB 2/28/1960, under another "
        "patient's name."
    ),
    "Patient Stella Park's MRN is 3300981 and her chart shows no insurance after the update.",
    "Patient Luis Navarro was admitted on 2023-11-07 and his discharge summary won't print.",
    "Mr. Whitfield was discharged March 3, 2022 and the portal still shows him as inpatient.",
    (
        "Admission date 01/22/2024 for patient Carla Benes shows as 22/01/2024 in the report,"
        " wrong date format?"
    ),
    "The scheduler shows patient Ahmed Saleh's visit on 4/18/2024 twice, we can't cancel one.",
    "Mrs. Lindgren's appointment on June 12th for her mammogram disappeared from the schedule.",
    (
        "Patient Raymond Ellis died on 09/14/2024 but the reminder system is still calling "
        "his house."
    ),
    (
        "Can you stop the automated calls to the home of patient Edith Morrow (deceased "
        "1/3/2025)? Her daughter is upset."
    ),
    (
        "Death date field for patient Walter Greer, date of death 2024-12-30, is missing in "
        "the EHR after the upgrade."
    ),
    (
        "The registration screen auto-filled ZIP 59001 for patient Ada Klein, who actually "
        "lives at 9 Hill Road, Billings, MT 59101."
    ),
    (
        "Patient Tobias Grant lives at 3150 Ocean Parkway, Brooklyn, NY 11235 and his "
        "statements keep coming back."
    ),
    (
        "The address autocomplete changed patient Mia Young's address to 600 Lake Shore "
        "Drive. She lives on Lake Shore Court."
    ),
    "Mrs. Bennett in room 7 for her biopsy: her chart shows another patient's allergies.",
    "The surgical schedule printed 'Room 2 - Mr. Harris - knee replacement' on the lobby screen!",
    (
        "The lobby TV is showing the queue with full patient names, e.g. 'Nguyen, Thanh - Dr."
        " Ross'. Please fix."
    ),
    "Mr. Delgado is in exam 4 for his HIV follow-up and the e-prescribing isn't working.",
    "Patient Samantha Reed is here for her prenatal visit and the ultrasound images won't open.",
    (
        "Please help, the dental chart for little Ethan Cross (age 6, DOB 2/14/2018) shows "
        "adult teeth."
    ),
    "Patient Yusuf Demir's Medicaid ID 98011236B is rejected by the portal during registration.",
    (
        "The Medicaid number NY 98011236 belongs to patient Ilse Maier but got attached to "
        "another account."
    ),
    (
        "Health plan number UHP-5520-3318-09 for Mr. Quentin Bram doesn't pass the "
        "eligibility check."
    ),
    (
        "The new scanner OCR read patient ID 'PT-0091238' as 'PT-009I238' on patient Leah "
        "Rosen's intake form."
    ),
    "Patient case #CAS-22198 for Mrs. Tillman's worker's comp claim isn't visible to billing.",
    (
        "Patient Oscar Lind's hearing aid, serial number 2204KX9183, stopped streaming after "
        "the clinic updated the app."
    ),
    (
        "The cochlear implant processor for patient Maya Brooks, S/N CI-5581204, won't "
        "connect to the fitting PC."
    ),
    (
        "Patient Ivan Kowalski's CGM (Dexcom G7, SN 5G8T2K1) readings are not importing to "
        "his chart."
    ),
    (
        "The remote monitoring report for patient Laszlo Horvath, ICD serial DEF-440921, "
        "didn't arrive in the inbox."
    ),
    (
        "Patient Greta Sand's phone IMEI 359881234567890 was registered for the remote "
        "monitoring app and it keeps rejecting it."
    ),
    (
        "The valet lot asked about a patient's car left overnight, plate ABC-1234, belongs to"
        " Mr. Tom Riley."
    ),
    (
        "Patient Jacob Stein's VIN 3N1AB7AP5KY123456 was entered on the accident intake form "
        "and we need to redact it."
    ),
    (
        "The driver's license scan for patient Angela Ruiz, license D1234-5678-9012, is in "
        "the shared scans folder."
    ),
    (
        "Patient Lena Fischer's passport number X44109283 was typed into the notes. Can we "
        "remove it?"
    ),
    (
        "Can you pull the web log for patient portal user 'jsmith1962' (John Smith, DOB "
        "8/8/1962)? He thinks he was hacked."
    ),
    (
        "The portal username for patient Rita Bloom is rbloom44 and she is locked out after "
        "the password reset."
    ),
    (
        "Patient Bruno Costa said he got a text from 555-0160 claiming to be us and asking "
        "for his date of birth, 1/17/1977. He gave it."
    ),
    (
        "Tech note: re-indexed the chart for MRN 00829154 (pt Farley, Jean) after the search "
        "failure. Please verify."
    ),
    (
        "Resolved: the misfiled scan belonged to patient Peter Kwan, DOB 1949-04-04. Moved to"
        " the correct chart."
    ),
    (
        "Ticket update: the duplicate record for Ms. Amara Obi, MRN 5530219, has been merged "
        "by the vendor."
    ),
    (
        "Vendor asked for an example of the bad claim. It's patient acct no. 881-20047, date "
        "of service 3/11/2024, patient Holly Dean."
    ),
    (
        "For reproducing the bug: search 'Kowalczyk' in the scheduler, DOB 10/10/1971, and "
        "the screen freezes."
    ),
    "To reproduce: open chart# 2250917 (Mr. Ignatius Reilly) and click Medications, Epic closes.",
    (
        "The crash only happens with one patient, Beatrice Lam, MRN BL-448120. Other charts "
        "open fine."
    ),
    (
        "Screenshot attached of the error for patient Zoe Hart, date of birth 08.21.1994, "
        "registration tab."
    ),
    (
        "Can you check the label for Mr. Kim, MRN: 00482913? The barcode prints but the name "
        "is cut off."
    ),
    (
        "Wristband for baby Girl Ortega, born 2025-01-04 at 03:12, printed with the mother's "
        "MRN 7719304."
    ),
    (
        "Newborn record for Baby Boy Patel, DOB 01/05/2025, won't link to the mom's chart "
        "(MRN 7719512)."
    ),
    (
        "The NICU label printer printed the band for twins Ava and Ella Brennan, DOB "
        "12-28-2024, with the same barcode."
    ),
    (
        "The front desk accidentally emailed a patient list to a vendor. It had names and "
        "DOBs, e.g. 'Hansen, Erik 6/1/1980'."
    ),
    (
        "The billing spreadsheet on the shared drive has patient SSNs in column C, first row "
        "is 987-65-4322 (Carter, Lou)."
    ),
    (
        "We found a printout in the copier tray with patient Marlene Voss's SSN 987-65-4324 "
        "on it. Who printed it?"
    ),
    (
        "The old fax server still has faxes with Mr. Samuel Price's records, DOB 9/9/1949, "
        "SSN ending 4320."
    ),
    (
        "Please check who ran the report that includes patient Priya Nair, member # "
        "AET8841029, yesterday at 4:55."
    ),
    (
        "Mrs. Gonzalez (patient, not Maria at the front desk) says the portal shows her DOB "
        "as 02/29/1955, which doesn't exist."
    ),
    (
        "The patient whose phone is 555-0127, Mr. Elliot Crane, gets calls meant for the "
        "clinic. Our numbers are swapped in the system."
    ),
    (
        "Patient Harriet Vale's daughter, who is her proxy, can't log into the portal: "
        "vale.family@example.com."
    ),
    "Proxy access for Jim Boyd (son of patient Martha Boyd, DOB 4/22/1932) keeps expiring.",
    (
        "Guardian Susan Clay can't see her son Tyler Clay's chart in the portal, Tyler is MRN"
        " 6603318."
    ),
    "The patient with MRN 4410093, Hector Silva, was sent a bill for another patient's visit.",
    (
        "Statement for patient account 44-10093-2 went to the old address 12 Rose Terrace, "
        "Dayton, OH 45402."
    ),
    (
        "Patient Clara Wu's new address (88 Spring Street, Unit 3, Boston, MA 02108) won't "
        "save, ZIP validation error."
    ),
    "The patient Harold Ames, ZIP code 30301, is showing in the wrong county report.",
    (
        "The portal notification for patient Tasha Green went to tasha.green@example.com "
        "instead of her new address."
    ),
    (
        "We need the audit trail for when patient Luis Ferrer's email, lferrer@example.net, "
        "was changed."
    ),
    (
        "Can we block the IP 198.51.100.200? It's patient Dwayne Roth, he keeps trying to log"
        " into other accounts."
    ),
    (
        "The patient portal URL https://portal.example.org/chart/00913352 opens patient Kim "
        "Lee's chart without login!"
    ),
    (
        "Patient Lucas Meyer's photo ID was uploaded to "
        "https://files.example.com/share/lmeyer-id.jpg by mistake."
    ),
    (
        "Registration for Ms. Farah Khalil (DOB 07-14-83) failed because the insurance ID "
        "BCBS-XJK55210998 has a dash."
    ),
    (
        "The eligibility batch failed on line 14: subscriber ID 99301847220, patient Dominic "
        "Russo, DOB 11/02/1976."
    ),
    "Patient Wanda Pryke... sorry, Wanda Pryce, MRN 00339187, her chart shows no problem list.",
    (
        "Our MA typed the blood pressure into the wrong chart: it was for Mr. Jonah Fields, "
        "MRN 2098813."
    ),
    (
        "Patient George Abbott, 91 years old, needs a large-font portal. Can we change his "
        "account settings?"
    ),
    "Mrs. Violet Hemming is 102 and the registration screen won't accept her birth year 1922.",
    (
        "Patient Rhea Kapoor has a hearing impairment, can the check-in kiosk read out loud? "
        "Her account is 0098812."
    ),
    (
        "Dr. Lee asked me to send Mr. Abel Torres's x-rays to the oral surgeon but the email "
        "is too big. He was born 6/6/1966."
    ),
    (
        "The orthodontic photos for patient Kaitlyn Moore (age 12) are showing up in another "
        "patient's timeline."
    ),
    (
        "Our dentist wants patient Tomasz Nowak's records sent to tnowak.dental@example.org, "
        "is that secure?"
    ),
    (
        "Mr. Elijah Stone's CPAP compliance report won't upload, serial number 23201884719 on"
        " the machine."
    ),
    (
        "Patient Renee Ford's insulin pump, S/N: MMT-780G-4471, can't connect to the clinic's"
        " uploader."
    ),
    (
        "Patient Carter Nash's pacemaker remote monitor (serial# ST-88120445) lost "
        "connection, and the cardiology inbox is empty."
    ),
    (
        "The hearing aid fitting software shows patient Ingrid Solberg's devices, SN "
        "1922HX0341 and 1922HX0342, as unknown."
    ),
    (
        "The intake form asks for 'SSN' and patient Abel Linford wrote 987654320 in the phone"
        " field. Can we move it?"
    ),
    (
        "Lost the printout with patient Mary Jones's social security no. 987-65-4328 and DOB "
        "3/3/1953 in it. Report to compliance?"
    ),
    (
        "Patient Quinn Harper, birth date 1988-12-05, can't register on the portal because it"
        " says 'DOB mismatch'."
    ),
    "Patient Elena Sokolova was born on 14 March 1962 and the portal shows 03/14/1926.",
    "The chart for Mr. Fitzgerald (DOB: Sept 9, 1950) has his wife's allergies merged in.",
    "The PM system recorded patient Moses Grant's admission on Jan 3rd 2024 as 3 Jan 2023.",
    (
        "Patient Lillian Park's insurance: Medicare ID 2HK7TW2JN45. The eligibility call "
        "comes back 'invalid format'."
    ),
    (
        "The patient Delia Ross (MRN 7740021) is in room 8 and her allergy alert isn't "
        "showing in Epic."
    ),
    "Mr. Benjamin Oduya in bay 3 for dialysis, his machine won't send vitals to the chart.",
    (
        "Please fix the outbound lab order for patient Sinead Byrne, order includes her DOB "
        "05/17/1990 and Medicaid ID 91827364A."
    ),
    (
        "The pharmacy faxed back a refill for patient Ronald Pike, DOB 2-2-52, to our main "
        "fax but it never arrived."
    ),
    (
        "Patient Nelson Ochoa's home phone is (210) 555-0139 and the auto-dialer keeps "
        "calling it at 11pm."
    ),
    "Patient Yvonne Blake asked us to stop texting her at 555-0189; the opt-out isn't working.",
    (
        "Patient Deborah King's work email debking@contoso-corp.example.com got the portal "
        "invite. She wants it changed."
    ),
    (
        "Ms. Rosalind Achebe (patient) forgot her portal password and her recovery phone "
        "617-555-0175 is out of service."
    ),
    "Patient Travis Oyelaran is in the lobby, the kiosk won't find him by DOB 1999-11-11.",
]
