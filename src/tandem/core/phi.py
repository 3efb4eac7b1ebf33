"""The PHI guard: what in a piece of text looks like a patient's identifier
(HIPAA Safe Harbor, 45 CFR 164.514(b)(2)), without crying wolf at the IP
addresses, phone numbers, serial numbers and outage dates of an IT request.

The patterns are the catalogue's (data/phi_identifiers.yaml, copied from the
shared HIPAA data). What is done with a match depends on the identifier:

- some are identifiers of a person whatever surrounds them (a formatted SSN,
  a labelled medical record or health plan number, a Medicare number, a
  payment card that passes the Luhn check, an age over 89);
- the rest are everyday IT details too (addresses, dates, phones, emails,
  serials, URLs, IPs, licence keys, account numbers) and are flagged only
  near a patient cue ("patient", "DOB", "date of birth", "MRN", "chart #",
  "diagnosis", ...) in the same sentence;
- names (identifier A, which no pattern finds) are flagged when a patient cue
  labels them ("patient John Smith", "Pt: Rosa Diaz").

The practice's own phone numbers and email addresses are never flagged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "phi_identifiers.yaml"

# Flagged wherever they appear: the pattern (with its label) is itself the cue.
ALWAYS = {
    "ssn_formatted", "ssn_keyword", "mrn_labelled", "medicare_mbi",
    "plan_member_labelled", "age_over_89",
}  # fmt: skip
# Never flagged on their own shape: a URL is an IT detail unless a cue says it
# points at the patient (then it is found with the cue, as the others).
LUHN_CHECKED = {"payment_card_candidate"}

# A cue that the text is about a patient. "Patients" (plural) and "patient
# care / portal / check-in ..." are how a clinic talks about its day, not about
# one person, so they are not cues.
CUE = re.compile(
    r"\b(?:"
    r"patient(?:'s|\u2019s)?(?!s\b)(?!\s+(?:care|portal|check-?in|kiosk|rooms?|flow|wi-?fi|"
    r"education|intake|forms?|waiting|area|lobby|side|facing|experience|records?\s+system|"
    r"scheduling|queue|list|count|volume|traffic|data\s+is\s+safe)\b)"
    r"|pt\.?(?=\s*[:#]|\s+[A-Z])|\((?:pt|patient)\)"
    r"|d\.?o\.?b(?:s\b|\b\.?)"
    r"|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?"
    r"|mrn|medical\s+record|chart\s*(?:#|no\b|number)"
    r"|diagnos(?:is|ed|es)|dx\b|prescri(?:ption|bed)|guarantor|insured|subscriber|beneficiary"
    r"|next\s+of\s+kin|her\s+son|his\s+wife|his\s+daughter|her\s+husband|her\s+daughter"
    r")",
    re.IGNORECASE,
)
# A patient's name: after a cue that labels it ("patient John Smith", "Pt: J.
# Smith"), before "(pt)", or an honorific or full name owning a clinical record
# ("Mrs. Alvarez's chart"; not "Tom's account": staff have accounts too).
_WORD = r"[A-Z][a-z'\u2019-]+"
_FULL = rf"(?:[A-Z]\.\s*)?{_WORD}(?:\s+(?:[A-Z]\.\s*)?{_WORD}){{0,2}}"
_CLINICAL = (
    r"(?:'s|\u2019s)\s+(?:chart|medical\s+record|record|x-?rays?|lab\s+results|results|"
    r"prescriptions?|medications?|allergies|statement|insurance|eligibility|claim)\b"
)
NAMES = (
    re.compile(
        r"\b(?i:patient(?:'s|\u2019s)?(?:\s+name)?|pt\.?|name\s+of\s+the\s+patient|"
        rf"patient\s+named|our\s+patient)\s*[:#-]?\s+(?P<name>{_FULL})"
    ),
    re.compile(rf"(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}})\s*\((?i:pt|patient)\b"),
    re.compile(
        rf"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<name>{_WORD})(?={_CLINICAL}|\s*\((?i:our\s+)?(?i:pt|patient)\b(?!\s+[a-z]))"
    ),
    re.compile(rf"(?<![.\w]\s)\b(?P<name>{_WORD}\s+{_WORD})(?={_CLINICAL})"),
)
# Words of care: an honorific name ("Mrs. Okafor", "Mr. Hollis") in the same
# sentence as one of these, or as a patient cue, is a patient's. Staff are
# "Dr. Chen" or "Maria at the front desk"; a clinic's ticket says "Mrs." of a
# patient.
CARE = re.compile(
    r"\b(?:(?:exam(?:\s+room)?|room|bay|bed|chair|operatory|op)\s*#?\s*\d+"
    r"|(?:for|with)\s+(?:his|her)\s+\w+"
    r"|chart|charts|appointment|visit|follow-?up|discharged|admitted|inpatient|outpatient"
    r"|procedure|surgery|biopsy|dialysis|colonoscopy|mammogram|x-?rays?|lab\s+results|vitals"
    r"|prescriptions?|e-?prescrib\w*|medications?|allerg(?:y|ies)|oxygen|cpap|hearing\s+aid"
    r"|implant|pacemaker|insulin\s+pump|compliance\s+report|worker'?s\s+comp|claim"
    r")\b",
    re.IGNORECASE,
)
HONORIFIC_NAME = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<name>{_WORD}(?:\s+{_WORD})?)")
# An HL7 v2 patient identification segment holds a patient's identifiers by definition.
HL7_PID = re.compile(r"\bPID\|[^\r\n]{6,}")
# Identifiers by their label, beyond the catalogue's: "medical record 7783912",
# "Record # 229811", "patient ID 100238"; "age 97", "aged 93".
RECORD_NUMBER = re.compile(
    r"\b(?:medical\s+record|record\s*(?:#|no\.?|number)|patient\s+id)\s*(?:#|no\.?|number)?"
    r"\s*:?\s*[A-Z]{0,3}-?\d[\d-]{3,14}\d\b",
    re.IGNORECASE,
)
PLAN_ID = re.compile(
    r"\b(?:(?:member|subscriber|policy\s*holder|sponsor|insured|beneficiary)"
    r"|(?:cigna|aetna|humana|tricare|medicaid|medi-cal|bcbs|anthem|uhc|unitedhealthcare|kaiser)"
    r"(?:\s+(?:member|subscriber|sponsor))?)\s*(?:id|#|no\.?|number)?\s*:?\s*"
    r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{5,}\b",
    re.IGNORECASE,
)
# A billing account of a person: labelled, in a sentence about a family or an
# honorific name ("account #4410298, Mrs. Novak's family").
ACCOUNT = re.compile(
    r"\b(?:acct|account)\.?\s*(?:#|no\.?|number)?\s*:?\s*[A-Z]{0,3}-?\d[\d-]{3,}\b", re.I
)
PERSON_CONTEXT = re.compile(r"\bfamily\b|\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z]")
AGE_OVER_89 = re.compile(r"\b(?:age|aged)\s*:?\s*(?:9\d|1[0-4]\d)\b", re.IGNORECASE)
# An honorific name followed by who the person is at work ("Ms. Rivera, our
# office manager", "Mr. Thompson from the vendor", "Mr. Bishop (compliance)"),
# or owning a work tool ("Ms. Novak's keyboard"), is staff, not a patient.
STAFF_AFTER = re.compile(
    r"(?:\s*\(|\s*,\s*(?:our|the|a|an)\b|\s+from\b|\s+(?:of|at)\s+(?:the|our)\b"
    r"|\s+(?:started|starts|works|is\s+our|is\s+the\s+new)\b"
    r"|(?:'s|\u2019s)?\s+(?:keyboard|mouse|monitor|pc|computer|laptop|login|password|badge|desk"
    r"|workstation|headset|printer|scanner|email|inbox|calendar)\b)",
    re.IGNORECASE,
)
NOT_NAMES = {
    "Care", "Portal", "Check", "Room", "Rooms", "Flow", "Intake", "Forms", "Form", "Wi",
    "Education", "Waiting", "Area", "Lobby", "Records", "Record", "Scheduling", "Queue",
    "List", "Data", "Is", "Has", "Was", "The", "A", "An", "Said", "Called", "Info",
}  # fmt: skip
# A sentence ends at . ! ? followed by a space (not inside 192.0.2.1, an email
# address or "Dr. Chen"... mostly) or at a line break.
SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bno)(?<!\bPt)(?<!\bpt)(?<!\bMrs)"
    r"(?<!\bacct)(?<!\bAcct)(?<!\b[A-Z])[.!?]+(?=\s+[A-Z\"\u201c(]|\s*$)|\n"
)
# "MR # 8509-448": the catalogue's label needs "MR#" written together.
MR_NUMBER = re.compile(r"\bMR\s*#\s*[A-Z]{0,3}-?\d[\d-]{3,14}\d\b")
# Flagged wherever they appear, found by the guard's own patterns: (pattern,
# the catalogue's identifier, the finding's name).
LABELLED = (
    (MR_NUMBER, "H", "mr_number"),
    (HL7_PID, "H", "hl7_pid"),
    (RECORD_NUMBER, "H", "record_number"),
    (PLAN_ID, "I", "plan_id"),
    (AGE_OVER_89, "C", "age_over_89"),
)
WINDOW = 80  # characters either side of a cue, within its sentence


@dataclass(frozen=True)
class Finding:
    identifier: str  # the catalogue's letter (A-R)
    label: str  # what the writer is told: "Social Security number"
    pattern: str  # the catalogue's pattern name, or "patient_name"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Pattern:
    identifier: str
    label: str
    name: str
    regex: re.Pattern[str]


LABELS = {
    "A": "Name", "B": "Address or ZIP code", "C": "Date or age", "D": "Phone number",
    "E": "Fax number", "F": "Email address", "G": "Social Security number",
    "H": "Medical record number", "I": "Health plan number", "J": "Account or card number",
    "K": "Licence number", "L": "Vehicle identifier", "M": "Device serial number",
    "N": "Web address", "O": "IP address",
}  # fmt: skip


@cache
def patterns() -> tuple[_Pattern, ...]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    out = []
    for item in data["identifiers"]:
        for pattern in item.get("patterns", []):
            flags = 0
            for flag in (pattern.get("flags") or "").split("|"):
                if flag.strip():
                    flags |= getattr(re, flag.strip())
            out.append(
                _Pattern(
                    item["id"],
                    LABELS.get(item["id"], item["name"]),
                    pattern["name"],
                    re.compile(pattern["regex"], flags),
                )
            )
    return tuple(out)


def luhn(digits: str) -> bool:
    numbers = [int(c) for c in digits if c.isdigit()]
    if len(numbers) < 13:
        return False
    total = 0
    for i, n in enumerate(reversed(numbers)):
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, by SENTENCE_END."""
    return list(pairwise([0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]))


def _cued_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of text near a patient cue: WINDOW characters either
    side of each cue, never past its sentence."""
    spans = []
    for first, last in sentences:
        for cue in CUE.finditer(text, first, last):
            spans.append((max(first, cue.start() - WINDOW), min(last, cue.end() + WINDOW)))
    return spans


def _normal(value: str) -> str:
    return re.sub(r"[^0-9a-z@.]", "", value.lower())


def check(text: str, *, own: Iterable[str] = ()) -> list[Finding]:
    """What looks like PHI in `text`, in order, without overlaps. `own`: the
    practice's own phone numbers and email addresses, never flagged."""
    if not text:
        return []
    mine = {_normal(v) for v in own if v}
    mine |= {n[-10:] for n in mine if n.isdigit() and len(n) >= 10}
    sentences = _sentences(text)
    near = _cued_spans(text, sentences)
    found: list[Finding] = []
    for p in patterns():
        for match in p.regex.finditer(text):
            value = match.group(0)
            start, end = match.span()
            if p.name in LUHN_CHECKED and not luhn(value):
                continue
            cued = any(s <= start and end <= e for s, e in near)
            if p.name not in ALWAYS and p.name not in LUHN_CHECKED and not cued:
                continue
            normal = _normal(value)
            if normal in mine or (normal.isdigit() and normal[-10:] in mine):
                continue
            found.append(Finding(p.identifier, p.label, p.name, start, end, value))
    for names in NAMES:
        for match in names.finditer(text):
            name = match.group("name")
            if name.split()[0] in NOT_NAMES:
                continue
            start, end = match.span("name")
            found.append(Finding("A", LABELS["A"], "patient_name", start, end, name))
    for regex, identifier, name in LABELLED:
        for match in regex.finditer(text):
            found.append(Finding(identifier, LABELS[identifier], name, *match.span(), match[0]))
    found += _accounts(text, sentences)
    found += _honorific_names(text, sentences)
    return _without_overlaps(found)


def _accounts(text: str, sentences: list[tuple[int, int]]) -> list[Finding]:
    found = []
    for first, last in sentences:
        sentence = text[first:last]
        if not (PERSON_CONTEXT.search(sentence) or CUE.search(sentence)):
            continue
        for match in ACCOUNT.finditer(sentence):
            start, end = first + match.start(), first + match.end()
            found.append(Finding("J", LABELS["J"], "person_account", start, end, match.group(0)))
    return found


def _honorific_names(text: str, sentences: list[tuple[int, int]]) -> list[Finding]:
    """ "Mrs. Okafor in room 2", "the CPAP card for Mr. Hollis": an honorific
    name in a sentence that speaks of care (CARE) or of a patient (CUE)."""
    found = []
    for first, last in sentences:
        sentence = text[first:last]
        if not (CARE.search(sentence) or CUE.search(sentence)):
            continue
        for match in HONORIFIC_NAME.finditer(sentence):
            name = match.group("name")
            if name.split()[0] in NOT_NAMES or STAFF_AFTER.match(sentence, match.end()):
                continue
            start, end = first + match.start("name"), first + match.end("name")
            found.append(Finding("A", LABELS["A"], "patient_name", start, end, name))
    return found


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """The longest finding wins where two overlap (an MRN label over a bare date)."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def redact(text: str, findings: Iterable[Finding]) -> str:
    """The text with each finding replaced by a marker such as [redacted: SSN]."""
    out, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        out.append(text[at : finding.start])
        out.append(f"[redacted: {finding.label}]")
        at = finding.end
    out.append(text[at:])
    return "".join(out)
