"""`puente ingest --ray local`: a local Ray with 2 workers reads, chunks and embeds a small
folder, and the index it writes equals the plain ingest's (same chunks, windows, tokens;
vectors within 1e-5)."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ray")  # CI installs puente[ray]

from puente.common.settings import Settings  # noqa: E402
from puente.index.store import stores as store  # noqa: E402
from puente.index.update import ingest  # noqa: E402

EN = "# Water and sanitation report\n\n## Findings\n\n" + " ".join(
    f"The programme reached {i * 10} households with clean water in district {i}. Sanitation facilities were "
    f"repaired in {i} schools, and hygiene kits were distributed to displaced families." for i in range(1, 30))
ES = "# Informe de protección\n\n## Recomendaciones\n\n" + " ".join(
    f"La oficina debe fortalecer la coordinación con {i} socios locales para la protección de niños migrantes. "
    f"Se recomienda ampliar el registro en {i} municipios fronterizos." for i in range(1, 30))


@pytest.mark.slow
def test_ray_local_ingest_equals_the_plain_ingest(tmp_path, encoder, model_path, monkeypatch):
    from puente.index.ray_ingest import ingest_with_ray

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "water.md").write_text(EN * 3)
    (folder / "proteccion.md").write_text(ES * 3)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    monkeypatch.setenv("RAY_worker_niceness", "0")
    plain = ingest([folder], tmp_path / "plain", encoder)
    s = Settings().override(model=model_path, ray_workers=2)
    report = ingest_with_ray("local", [folder], tmp_path / "ray", model_path, s, shard=16)
    assert report.added == plain.added and len(report.errors) == len(plain.errors) == 1
    a, b = store.load(tmp_path / "plain"), store.load(tmp_path / "ray")
    assert len(a.units) > 4 * 16  # several shards: both actors encode some
    assert a.chunks == b.chunks and np.array_equal(a.units, b.units)
    # the same vectors up to one float16 step: shards are batched apart, and a batch's other texts move the
    # last float32 digits, which can round a stored float16 component to its neighbour
    va, vb = np.asarray(a.vectors), np.asarray(b.vectors)
    step = np.spacing(np.maximum(np.abs(va), np.abs(vb)))
    assert (np.abs(va.astype(np.float32) - vb.astype(np.float32)) <= step.astype(np.float32)).all()
    assert (np.sum(va.astype(np.float32) * vb.astype(np.float32), axis=1) >= 0.9999).all()
    assert np.array_equal(a.unit_tokens.offsets, b.unit_tokens.offsets) and np.array_equal(a.unit_tokens.ids, b.unit_tokens.ids)
    assert np.array_equal(a.token_table.ids, b.token_table.ids) and np.array_equal(a.token_table.counts, b.token_table.counts)
    assert np.allclose(a.token_table.sums, b.token_table.sums, atol=1e-4)
    assert [r.to_dict() for r in a.records] == [r.to_dict() for r in b.records]
    assert {d: {k: v for k, v in i.to_dict().items() if k != "ingested_at"} for d, i in a.docs.items()} == \
           {d: {k: v for k, v in i.to_dict().items() if k != "ingested_at"} for d, i in b.docs.items()}
    # an unchanged folder through Ray: nothing read twice, nothing written
    again = ingest_with_ray("local", [folder], tmp_path / "ray", model_path, s, shard=16)
    assert sorted(again.unchanged) == sorted(report.added) and not again.added


def test_a_ray_address_that_is_not_one_is_refused():
    from puente.common.errors import SettingError
    from puente.index.ray_ingest import RaySession

    with pytest.raises(SettingError, match="not a Ray address"):
        RaySession("corpus/", 2)
