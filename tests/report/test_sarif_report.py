"""report.sarif: valid SARIF 2.1.0 (the OASIS schema), and regions that point at the right text."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from conftest import ALL_REPOSTS, REFERENCE
from fakes import FakeEmbedder
from test_pipeline import REF, REPOST, run

from audit import __version__
from audit.embed import CachingEmbedder
from audit.fingerprint import fingerprint
from audit.ingest.read import document_from_text, read_document
from audit.pipeline import audit
from audit.report.locations import FilePositions
from audit.report.sarif_report import RULES, artifact_uri, dumps, sarif_document
from audit.types import FINDING_KINDS, AuditResult

SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")
HARDWRAPPED = next(p for p in ALL_REPOSTS if "hardwrapped" in p.name)


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the draft the schema declares (draft-07)
    cls.check_schema(schema)
    return cls(schema)


@pytest.fixture(scope="module")
def seeds() -> AuditResult:
    # The fake embedder of conftest's fake_embedder fixture, built here so the audit runs once per module.
    return audit(read_document(REFERENCE), [read_document(p) for p in ALL_REPOSTS],
                 embedder=CachingEmbedder(FakeEmbedder()))


@pytest.fixture(scope="module")
def log(seeds: AuditResult) -> dict:
    return json.loads(dumps(seeds))  # through the text, as a reader gets it


def _path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def _raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")  # not read_text: it would turn CRLF into LF


def _text_at(region: dict, path: Path) -> str:
    """The text a region covers, read from the file on its own: lines end at CR, LF or CRLF."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", _raw(path)) or [""]
    sl, sc, el, ec = region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]
    if sl == el:
        return lines[sl - 1][sc - 1:ec - 1]
    return lines[sl - 1][sc - 1:] + "".join(lines[sl:el - 1]) + lines[el - 1][:ec - 1]


def test_the_seed_report_is_valid_sarif_2_1_0(log, validator):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    assert log["runs"][0]["results"], "the seeds have findings"


def test_driver_has_one_rule_per_finding_kind(log):
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "audit" and driver["version"] == __version__
    ids = [r["id"] for r in driver["rules"]]
    assert ids == list(FINDING_KINDS) and set(RULES) == set(FINDING_KINDS)
    assert all(r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
               for r in driver["rules"])
    for res in log["runs"][0]["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_a_known_number_lies_on_its_line_of_the_hard_wrapped_repost(log):
    # 003 is hard-wrapped with doubled spaces: the analysed text is unwrapped, the region must not be.
    [hit] = [r for r in log["runs"][0]["results"]
             if r["ruleId"] == "number_mismatch" and r["properties"]["repostText"] == "600"
             and _path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == HARDWRAPPED]
    region = hit["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (13, 73, 13, 76)
    line = HARDWRAPPED.read_text(encoding="utf-8").splitlines()[12]
    assert line[72:75] == "600" and "around  600  prisoners" in line
    assert hit["level"] == "error" and "600" in hit["message"]["text"]


def test_every_region_covers_its_snippet_in_the_file_itself(log):
    n = 0
    for res in log["runs"][0]["results"]:
        for loc in res["locations"] + res.get("relatedLocations", []):
            physical = loc["physicalLocation"]
            region = physical.get("region")
            if region is None:
                continue
            path = _path(physical["artifactLocation"]["uri"])
            assert _text_at(region, path) == region.get("snippet", {}).get("text", ""), (res["ruleId"], region)
            raw = _raw(path)
            assert raw[region["charOffset"]:][:region["charLength"]] == region.get("snippet", {}).get("text", "")
            n += 1
    assert n > 100


def test_omitted_sentence_is_an_insertion_point_in_the_repost_and_the_sentence_in_the_reference(seeds, log):
    results = log["runs"][0]["results"]
    omitted = [r for r in results if r["ruleId"] == "omitted_sentence"]
    assert omitted
    for res in omitted:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == region["endLine"] and region["startColumn"] == region["endColumn"]
        [related] = res["relatedLocations"]
        assert _path(related["physicalLocation"]["artifactLocation"]["uri"]) == REFERENCE
        assert related["physicalLocation"]["region"]["snippet"]["text"].split()[0] in res["properties"]["refText"]


def test_fingerprints_and_signature_match_the_other_reports(seeds, log):
    run_ = log["runs"][0]
    assert run_["properties"]["signature"] == seeds.signature
    expected = [fingerprint(f, r.name) for r in seeds.reposts for f in r.findings]
    assert [res["partialFingerprints"]["auditFingerprint/v1"] for res in run_["results"]] == expected
    assert run_["columnKind"] == "unicodeCodePoints"


def test_lines_end_at_cr_lf_and_crlf():
    doc = document_from_text("a\r\nb\rc\nd", path="x.txt")
    f = FilePositions.of(doc, ())
    assert [f.position(i) for i in (0, 3, 5, 7)] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert f.position(1) == (1, 2)  # the CR of CRLF is still line 1


def test_crlf_repost_points_at_the_right_line(validator):
    result, _ = run(REF, REPOST.replace("\n", "\r\n"))
    log = sarif_document(result)
    assert not list(validator.iter_errors(log))
    [hit] = [r for r in log["runs"][0]["results"] if r["properties"]["repostText"] == "600"]
    region = hit["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (3, 7, "600")


def test_text_without_raw_positions_gets_a_file_location_without_region(validator):
    result, _ = run(REF, REPOST)
    r = result.reposts[0]
    blind = replace(r, document=replace(r.document, offsets=[-1] * len(r.document.text)))  # as HTML is
    log = sarif_document(replace(result, reposts=(blind,)))
    assert not list(validator.iter_errors(log))
    assert all("region" not in res["locations"][0]["physicalLocation"] for res in log["runs"][0]["results"])


def test_a_plug_in_kind_gets_its_own_rule(validator):
    result, _ = run(REF, REPOST)
    r = result.reposts[0]
    odd = replace(r, findings=(replace(r.findings[0], kind="house_style"), *r.findings[1:]))
    log = sarif_document(replace(result, reposts=(odd,)))
    assert not list(validator.iter_errors(log))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[-1]["id"] == "house_style" and log["runs"][0]["results"][0]["ruleIndex"] == len(rules) - 1


@pytest.mark.parametrize("path, uri", [("seeds/a b.txt", "seeds/a%20b.txt"), ("c:d.txt", "c%3Ad.txt"),
                                       ("/tmp/x.txt", "file:///tmp/x.txt")])
def test_artifact_uri_keeps_relative_paths_relative(path, uri):
    assert artifact_uri(path) == uri
