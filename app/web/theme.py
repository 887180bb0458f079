"""The look of the web app: a calm, legible Gradio theme and the CSS of Puente's own
HTML (cards, answer, comparison columns)."""
from __future__ import annotations

CSS = """
.pz-card{border:1px solid var(--border-color-primary);border-radius:8px;padding:10px 14px;margin:10px 0;background:var(--background-fill-primary)}
.pz-card header{font-size:.95em;margin-bottom:6px}
.pz-rank{display:inline-block;min-width:1.6em;font-weight:700;color:var(--body-text-color-subdued)}
.pz-title{font-weight:600}
.pz-pages{font-weight:600;color:var(--color-accent)}
.pz-section,.pz-sep{color:var(--body-text-color-subdued)}
.pz-badge{display:inline-block;font-size:.75em;font-weight:700;padding:1px 6px;border-radius:4px;margin-left:6px;background:#e0e7ff;color:#1e3a8a}
.pz-lang-es{background:#e0f2fe;color:#075985}
.pz-score{float:right;font-size:.8em;color:var(--body-text-color-subdued)}
.pz-text{margin:0;line-height:1.55}
.pz-text mark,.pz-context mark{background:#fef3c7;color:inherit;padding:0 1px}
.pz-cite{font-size:.8em;color:var(--body-text-color-subdued);margin-top:4px}
.pz-answer{border-left:4px solid var(--color-accent);padding:8px 14px;margin:8px 0;background:var(--background-fill-secondary)}
.pz-answer blockquote{margin:4px 0;font-size:1.05em}
.pz-answer.pz-none{border-left-color:#94a3b8}
.pz-answer.pz-partial{border-left-color:#d97706}
.pz-strength{font-size:.7em;font-weight:600;color:var(--body-text-color-subdued);margin-left:6px}
.pz-value{margin:2px 0}
.pz-reason{margin:2px 0;font-weight:600}
.pz-score.pz-strong{color:#166534;font-weight:600}.pz-score.pz-weak{color:#9ca3af}
.pz-context summary{cursor:pointer;font-size:.85em;color:var(--color-accent)}
.pz-context-text{font-size:.9em;max-height:320px;overflow:auto;border-top:1px dashed var(--border-color-primary)}
.pz-pageview summary{cursor:pointer;font-size:.85em;color:var(--color-accent)}
.pz-page{display:block;max-width:100%;height:auto;margin:.4em 0;border:1px solid var(--border-color-primary)}
.pz-pagelinks{font-size:.85em;margin:.2em 0}
.pz-record-list{list-style:none;padding:0;margin:0;max-height:70vh;overflow:auto}
.pz-record{border:1px solid var(--border-color-primary);border-radius:6px;padding:8px 12px;margin:6px 0}
.pz-record dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0;font-size:.9em}
.pz-record dt{font-weight:600;color:var(--body-text-color-subdued)}
.pz-record dd{margin:0}
.pz-area{font-size:.85em;color:var(--body-text-color-subdued)}
.pz-note{font-size:.8em;color:var(--body-text-color-subdued)}
.pz-cols{display:grid;grid-template-columns:repeat(var(--n),minmax(240px,1fr));gap:12px;overflow-x:auto}
.pz-col h3{margin:4px 0}
.pz-col .pz-more{font-size:.9em;opacity:.8;font-style:italic;margin:4px 0}
.pz-errors{color:#b91c1c}
.pz-topic{font-style:italic}
.pz-head h2{margin:0}.pz-head p{margin:2px 0 0;color:var(--body-text-color-subdued);font-size:.9em}
#library th, #records th{white-space:normal;word-break:normal;overflow-wrap:normal;hyphens:none}
#library td{overflow-wrap:anywhere}
#ask-error:not(:has(p,ul,section)),#generated:not(:has(p,ul,section)){display:none!important}
"""


def theme():
    """UN-report blue on slate greys, system fonts (no web font is fetched)."""
    import gradio as gr

    return gr.themes.Soft(primary_hue="blue", secondary_hue="sky", neutral_hue="slate",
                          font=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
                          font_mono=["ui-monospace", "Consolas", "monospace"])
