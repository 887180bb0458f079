"""The words of report titles, in either language: the English word each Spanish (or
agent) word stands for, and the words and nouns that name a kind of document."""
from __future__ import annotations

# Spanish words of report titles -> the English word they stand for (folded).
TITLE_WORDS = {
    "evaluacion": "evaluation", "respuesta": "response", "gerencial": "management", "gerencia": "management",
    "gestion": "management",
    "informe": "report", "reporte": "report", "anual": "annual", "resultados": "results", "resultado": "results",
    "nacional": "national", "accion": "action", "presidencia": "presidency", "pais": "country",
    "matriz": "matrix", "red": "network", "migracion": "migration", "migraciones": "migration",
    "estrategia": "strategy", "revision": "review", "resumen": "summary", "progreso": "progress",
    # a report on how a plan goes: progress, follow-up, monitoring, avance, seguimiento
    "avance": "progress", "avances": "progress", "seguimiento": "progress", "monitoring": "progress",
    "monitoreo": "progress", "follow": "progress",
    "recomendaciones": "recommendations",
    "proteccion": "protection", "refugiados": "refugees", "programa": "programme", "program": "programme",
    "proyecto": "project", "politica": "policy", "marco": "framework", "operacion": "operation",
    "plan": "plan", "regional": "regional", "mundial": "global", "final": "final", "medio": "mid", "termino": "term",
    "auditoria": "audit", "interna": "internal", "interno": "internal", "internas": "internal", "internos": "internal",
    "nota": "note", "conceptual": "concept",
    "resolucion": "resolution", "decreto": "decree",
    # who wrote it stands for the document: "the internal auditors", "los evaluadores"
    "auditor": "audit", "auditors": "audit", "auditores": "audit", "auditora": "audit", "auditoras": "audit",
    "evaluator": "evaluation", "evaluators": "evaluation", "evaluador": "evaluation", "evaluadores": "evaluation",
    "evaluadora": "evaluation", "evaluadoras": "evaluation",
}
# the words of a kind of document's name, folded, either language ("management", "annual", "informe")
GENRE_WORDS = frozenset(TITLE_WORDS) | frozenset(TITLE_WORDS.values())
# the nouns of a kind of document, folded, either language ("the Panama pro tempore *report*")
GENRE_NOUNS = frozenset("""plan plans planes report reports informe informes reporte response responses respuesta
respuestas evaluation evaluations evaluacion evaluaciones review revision declaration declaracion strategy estrategia
matrix matriz summary resumen presidency presidencia framework marco roadmap audit audits auditoria auditorias note nota
resolution resolucion decree decreto""".split())
