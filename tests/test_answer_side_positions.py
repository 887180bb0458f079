"""A comparison side is what its document does or asks about the topic. A report with no
matrix of actions still lists its positions under a heading ("8. Recommendations and
priorities for 2025": "2. Guarantee free and timely access to birth registration and identity
documents …"); such an item is preferred, within ``SIDE_MARGIN``, over a sentence of context
("In Honduras, UNICEF supported …")."""
from __future__ import annotations

from dataclasses import replace

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.prefer import SIDE_MARGIN, side_item
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

CONTEXT = ("In Honduras, UNICEF supported the Directorate for Children, Adolescents and Family and municipal "
           "governments to respond to returns and internal displacement caused by violence.\n")
LISTED = ("Based on the results and challenges of 2024, UNICEF recommends that governments, donors and partners:\n"
          "1. End the immigration detention of children, scaling up family-based care alternatives.\n"
          "2. Guarantee free and timely access to birth registration and identity documents for returned and "
          "displaced children, including those born abroad.\n")
QUESTION = ("How do UNICEF's annual report and the national action plan each deal with identity documents for "
            "displaced people?")
# the index's records (another document's actions): a side reads its own document's items
RECORDS = [Record(doc="plan", kind="action", number="2.4", text="Reposición gratuita de documentos de identidad")]


def _cands(section: str, item_score: float):
    context = from_hits([Hit(Chunk(doc="unicef", title="Annual Report", text=CONTEXT, start=0, end=len(CONTEXT),
                                   section=("4. Honduras",)), 1.0, 0.8, 1, (0, len(CONTEXT)))])[0]
    listed = from_hits([Hit(Chunk(doc="unicef", title="Annual Report", text=LISTED, start=500, end=500 + len(LISTED),
                                  section=(section,)), 1.0, 0.8, 2, (0, len(LISTED)))])
    item = next(c for c in listed if c.text.startswith("2. Guarantee"))
    for c, s in ((context, 10.0), (item, item_score)):
        c.score, c.features["type_raw"] = s, 1.0
    return context, item, [context, item]


def test_an_item_listed_under_a_documents_recommendations_is_its_side():
    context, item, ok = _cands("8. Recommendations and priorities for 2025", 10.0 - SIDE_MARGIN / 2)
    assert side_item(context, ok, analyse(QUESTION), RECORDS) is item
    context, item, ok = _cands("Compromisos para 2025", 10.0 - SIDE_MARGIN / 2)
    assert side_item(context, ok, analyse(QUESTION), RECORDS) is item


def test_a_list_under_another_heading_or_far_behind_is_not():
    context, item, ok = _cands("5. Regional context", 10.0 - SIDE_MARGIN / 2)
    assert side_item(context, ok, analyse(QUESTION), RECORDS) is context
    context, item, ok = _cands("8. Recommendations and priorities for 2025", 10.0 - SIDE_MARGIN - 0.5)
    assert side_item(context, ok, analyse(QUESTION), RECORDS) is context
    # nor when the question asks what was found or achieved
    context, item, ok = _cands("8. Recommendations and priorities for 2025", 10.0 - SIDE_MARGIN / 2)
    assert side_item(context, ok, analyse("What results do the report and the plan each give on identity documents?"),
                     RECORDS) is context


RESOLUTION = ("Que, el interés superior del niño, reconocido en la Convención sobre los Derechos del Niño, exige adoptar "
              "medidas que faciliten la regularización de niñas, niños y adolescentes extranjeros;\n\n"
              "Artículo 5.- Niñas, niños y adolescentes\n"
              "Las niñas, niños y adolescentes extranjeros están exonerados del pago de la tasa por derecho de trámite.\n")


def test_a_resolutions_article_is_its_side_not_a_recital():
    """A resolution's side quoted a recital ("Que, el interés superior del niño … exige adoptar
    medidas …"), the reason it gives, over the article that provides ("Artículo 5.- … están
    exonerados del pago de la tasa …"); an article cited in a sentence is no provision."""
    chunk = Chunk(doc="resolucion", title="Resolución de Superintendencia", text=RESOLUTION, start=0,
                  end=len(RESOLUTION), section=("CONSIDERANDO",))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(RESOLUTION)))])
    recital = next(c for c in cands if c.text.startswith("Que,"))
    article = next(c for c in cands if c.text.startswith("Artículo 5"))
    recital.score, article.score = 10.0, 10.0 - SIDE_MARGIN / 2
    for c in (recital, article):
        c.features["type_raw"] = 1.0
    question = analyse("¿Qué dicen la estrategia y la resolución sobre la regularización de niñas, niños y adolescentes?")
    assert side_item(recital, [recital, article], question, RECORDS) is article
    cited = replace(article, text="Article 22 of the Convention protects children seeking refugee status.")
    assert side_item(recital, [recital, cited], question, RECORDS) is recital
