"""Who a programme or procedure is for: a question that asks who may apply, register or
benefit ("Who can apply to the second phase …?", "¿Quiénes pueden acogerse …?") and the
text that says so ("La segunda fase está dirigida a las personas venezolanas que …",
"Pueden acogerse al presente procedimiento las personas extranjeras que …", the list under
"¿Quiénes pueden inscribirse?"). A "who" question of this kind asks for people described by
a condition, not for the organisation that runs the programme, which the announcement's
opening names."""
from __future__ import annotations

import re

from puente.common.text import fold

_APPLY = r"(?:apply|register|benefit|qualify|enrol\w*|sign\s+up)"
_SOLICITAR = r"(?:solicitar\w*|acogerse|inscribirse|postular\w*|beneficiarse|aplicar|registrarse|participar)"
ASKS = re.compile(
    rf"\bwho\s+(?:(?:is|are|was|were|will\s+be|would\s+be)\s+)?(?:eligible|entitled)\b|"
    rf"\bwho\s+(?:can|could|may|might|will\s+be\s+able\s+to)\s+{_APPLY}\b|"
    rf"\bqui[eé]n(?:es)?\s+(?:(?:puede|pueden|podr[aá]n?|pod[ií]an?)\s+{_SOLICITAR}|"
    rf"(?:es|son|ser[aá]n?|eran?)\s+(?:elegibles?|beneficiari[oa]s?))\b", re.I)
# a sentence that says whom it is for: "dirigida a las personas …", "pueden acogerse …", "are eligible"
_STATES = re.compile(
    r"\bdirigid[oa]s?\s+a\s+(?:las\s+|los\s+)?(?:personas|familias|hogares|ninas|ninos|mujeres|jovenes|quienes)\b|"
    r"\b(?:pueden|podran|puede|podra)\s+(?:acogerse|inscribirse|postular|beneficiarse|solicitar\w*)\b|"
    r"\bpersonas\s+beneficiarias\b|\b(?:is|are)\s+(?:open|available)\s+to\s+(?:all\s+)?(?:people|persons|"
    r"households|families|refugees|migrants|those)\b|\b(?:is|are)\s+eligible\b|\beligible\s+(?:people|persons|"
    r"households|families|applicants)\b|\b(?:can|may)\s+apply\b")
# a section that lists them: "¿Quiénes pueden inscribirse?", "Who can apply", "Eligibility", "Personas beneficiarias"
_HEADS = re.compile(r"\bquienes\s+pueden\b|\bwho\s+(?:can|may|is|are)\b|\beligib\w*|\belegib\w*|"
                    r"\bpersonas\s+beneficiarias\b|\bbeneficiari[oa]s\b")


def asks_eligibility(question: str) -> bool:
    """Whether the question asks who may apply, register or benefit."""
    return bool(ASKS.search(question))


def states_eligibility(text: str, section: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` (under ``section``, its headings) says whom a programme is for."""
    return bool(_STATES.search(fold(text))) or bool(section and _HEADS.search(fold(section[-1])))
