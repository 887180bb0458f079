"""A nationality the question names is who, not where: "How many Venezuelans did Puentes
Solidarios help apply for the CPP?" is answered by the Peruvian NGO's "acompañamos a 3.870
personas …", in a report whose cover says it works with Venezuelan refugees in Peru. Before,
Peru in its title contradicted Venezuela and the answer said the reports had nothing on
Venezuela. A figure for one nationality among others ("How many Honduran nationals were among
…") still needs the passage to name it."""
from __future__ import annotations

from puente.common.places import find
from puente.common.types import Chunk
from puente.index.answer.asked.answer_type import people_only
from puente.index.answer.asked.question import analyse
from puente.index.answer.checks import missing
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit

COVER = Chunk(doc="ong-peru-2023", title="Informe Anual 2023", start=0, end=90, section=("Informe Anual 2023",),
              text="Protección, regularización e integración de personas refugiadas y migrantes venezolanas en el Perú")
SENTENCE = "En 2023 acompañamos a 3.870 personas en la presentación de su solicitud de CPP ante Migraciones del Perú."
BODY = Chunk(doc="ong-peru-2023", title="Informe Anual 2023", text=SENTENCE, start=90, end=200,
             section=("Informe Anual 2023", "2.1 Regularización en el Perú"))


def _missing(question: str) -> list:
    c = Candidate(Hit(BODY, 1.0, 0.85, 1, (0, len(SENTENCE))), SENTENCE, 0, len(SENTENCE), "passage")
    return [v.en for _, v in missing(analyse(question), c, {"chunks": [COVER, BODY]})]


def test_a_nationality_a_document_is_about_holds_in_its_passages():
    assert _missing("How many Venezuelans did the association help apply for the CPP in 2023?") == []
    # the place itself, or a nationality the document is not about: asked of the passage
    assert _missing("How many people did the association help in Venezuela in 2023?") == ["Venezuela"]
    assert _missing("How many Honduran nationals did the association help apply in 2023?") == ["Honduras"]


def test_people_only_reads_how_the_question_writes_the_place():
    about = COVER.text
    (ven,) = [e for e in find("Venezuela") if e.kind == "place"]
    assert people_only("¿Cuántas personas venezolanas ayudó la asociación?", ven, about)
    assert not people_only("How many refugees from Venezuela arrived?", ven, about)
    assert not people_only("How many Venezuelans arrived?", ven, "Informe anual de la asociación en el Perú")
