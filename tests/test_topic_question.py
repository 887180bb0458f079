"""Compare asked as a question (no model): the topic is the question less its frame and
less the words naming the compared documents; the compared documents are the ones it names."""
import pytest
from test_doc_names import EMR, IOM, PLAN, PTP, REPORT, TITLES

from puente.common.types import DocInfo
from puente.index.search.doc_names import DocNames
from puente.index.topic_question import is_question, read_topic


@pytest.fixture(scope="module")
def names():
    return DocNames({d: DocInfo(d, title) for d, title in TITLES.items()})


@pytest.mark.parametrize("question, topic, docs", [
    ("What do the MIRPS national plan and the Pro Tempore Presidency each say about xenophobia?", "xenophobia", (PLAN, PTP)),
    ("¿Qué dicen el plan nacional del MIRPS y el informe anual 2023 del ACNUR sobre la naturalización?",
     "naturalización", (PLAN, REPORT)),
    ("How do IOM's management response and UNHCR's evaluation response deal with gender?", "gender", (IOM, EMR)),
    # light verbs of the frame ("do", "deal with", "dan seguimiento", "llevan a cabo") are not the topic
    ("¿Cómo dan seguimiento a sus contrapartes la OIM en América del Sur y el ACNUR México durante la implementación?",
     "seguimiento contrapartes implementación", (IOM, REPORT, EMR)),  # two organisations: their documents
    ("¿Qué dicen el plan nacional del MIRPS y el informe anual 2023 del ACNUR sobre Cabo Verde?", "Cabo Verde",
     (PLAN, REPORT)),
    # names one document and an organisation two could be meant by: those words are still not the topic
    ("¿Con qué frecuencia se reúnen la OIM y el ACNUR México con sus socios?", "frecuencia reúnen socios",
     (IOM, REPORT, EMR)),
    ("What does IOM say about monitoring?", "monitoring", ()),  # one organisation: every document
    # a verb that relates two things ("connect … with", "vinculan") is the frame, not the topic
    ("How do the MIRPS national plan and UNHCR's 2023 report connect identity documents with access to formal jobs?",
     "identity documents access formal jobs", (PLAN, REPORT)),
    ("¿Cómo vinculan el plan nacional del MIRPS y el informe anual 2023 del ACNUR la documentación y el empleo?",
     "documentación empleo", (PLAN, REPORT)),
    # what is compared, not on what: how many, the kind of document ("responses", "update"), and "tackle"
    ("How do the two responses, UNHCR's evaluation response and IOM's management response, tackle xenophobia?",
     "xenophobia", (EMR, IOM)),
    ("¿Qué dicen ambas respuestas, la del ACNUR y la de la OIM, sobre la estrategia de salida?", "estrategia salida",
     (IOM, EMR)),
])
def test_a_question_is_read_as_its_topic_and_the_documents_it_names(names, question, topic, docs):
    reading = read_topic(question, names)
    assert (reading.topic, reading.docs) == (topic, docs)
    assert reading.changed(question)


@pytest.mark.parametrize("topic", ["child protection", "protección de la niñez", "labour inclusion", "xenofobia y discriminación"])
def test_a_few_words_are_the_topic_as_they_are(names, topic):
    reading = read_topic(topic, names)
    assert reading == read_topic(topic, names) and reading.topic == topic and reading.docs == ()
    assert not reading.changed(topic) and not is_question(topic)


def test_a_question_of_frame_words_only_keeps_its_text(names):
    q = "What do the national plan and the 2023 report say?"
    assert read_topic(q, names).topic == q
