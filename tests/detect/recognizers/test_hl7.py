"""HL7 v2 segments: the person fields read by their place in the segment."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.hl7 import hl7_fields

#: An admission as a patient administration system sends it (HL7 v2.4, segments split by
#: carriage returns), with a next of kin, an attending doctor and a text observation.
ADMISSION = "\r".join(
    [
        "MSH|^~\\&|PAS|RIVERSIDE|EPR|RIVERSIDE|202603181848||ADT^A01|MSG8813043|P|2.4",
        "EVN|A01|202603181848",
        "PID|1||MRN588404^^^RIVERSIDE^MR~9434765919^^^NHS^NH||OKAFOR^CHIDINMA^A||19950208|F"
        "|||120 RUBIO SUMMIT APT. 172^^WEST BRUCEBURY^^M86 9PN||0161 496 0123",
        "NK1|1|OKAFOR^EMEKA|SPO|||07700 900461",
        "PV1|1|I|WARD5^12^B||||C4471^VARGHESE^SUNITA^^^DR",
        "OBX|1|TX|NOTE||Pt anxious, husband Emeka visiting",
    ]
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(entity, text[s:e]) for s, e, entity, _ in hl7_fields(text)]


def test_the_person_fields_of_an_admission_are_read_by_their_place() -> None:
    assert _found(ADMISSION) == [
        ("ID", "MRN588404"),
        ("ID", "9434765919"),
        ("LAST_NAME", "OKAFOR"),
        ("FIRST_NAME", "CHIDINMA"),  # the middle initial "A" alone is no name to fake
        ("DATE_OF_BIRTH", "19950208"),
        ("ADDRESS", "120 RUBIO SUMMIT APT. 172"),
        ("LOCATION", "WEST BRUCEBURY"),
        ("ADDRESS", "M86 9PN"),
        ("PHONE_NUMBER", "0161 496 0123"),
        ("LAST_NAME", "OKAFOR"),
        ("FIRST_NAME", "EMEKA"),
        ("PHONE_NUMBER", "07700 900461"),
        ("ID", "C4471"),
        ("LAST_NAME", "VARGHESE"),
        ("FIRST_NAME", "SUNITA"),
        ("FIRST_NAME", "Emeka"),  # the kin's name again in the observation's text
    ]  # the rest of that text is left to the detector's other rules


def test_the_messages_names_mentioned_in_its_text_are_the_fields_parts() -> None:
    # "NK1|1|OKAFOR^EMEKA" and "husband Emeka visiting": one value, so one fake.
    text = ADMISSION.replace("Pt anxious", "Seen by Dr Varghese. Will call back, May visit")
    found = _found(text)
    assert ("FIRST_NAME", "Emeka") in found and ("LAST_NAME", "Varghese") in found
    assert ("FIRST_NAME", "Will") not in found  # an everyday word after a full stop


def test_a_doctor_written_family_name_first_and_the_messages_own_separators() -> None:
    text = "MSH#*~\\&#LAB#X#EPR#X#2026\nPV1#1#O#CLINIC3####SMITH*ANNA***DR\nPID#1##H123"
    assert _found(text) == [("LAST_NAME", "SMITH"), ("FIRST_NAME", "ANNA"), ("ID", "H123")]


def test_a_line_feed_inside_a_field_is_the_fields_where_segments_end_with_returns() -> None:
    # Faker's British street "STUDIO 87\nLUKE SHORE" in a PID: the town, postcode and
    # phone after it were cut off the segment, and the town's "NORTH" kept.
    text = (
        "MSH|^~\\&|PAS|H|EPR|H|2026||ADT^A01|M1|P|2.4\r\nPID|1||H7^^^H^MR||ROE^ANN||"
        "19800604|F|||STUDIO 87\nLUKE SHORE^^NORTH ANTHONY^^HX0H 9NH||0161 496 0123\r\n"
    )
    assert _found(text)[-4:] == [
        ("ADDRESS", "STUDIO 87\nLUKE SHORE"),
        ("LOCATION", "NORTH ANTHONY"),
        ("ADDRESS", "HX0H 9NH"),
        ("PHONE_NUMBER", "0161 496 0123"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "PID|1||MRN588404 was quoted in the error",  # one segment, no header: a mention
        "| name | phone |\n|---|---|\n| Ann | 0161 496 0123 |",  # a table in Markdown
        "status=ok|user=PID|count=4",
    ],
)
def test_pipes_that_make_no_hl7_message_are_read_by_nothing_here(text: str) -> None:
    assert hl7_fields(text) == []
