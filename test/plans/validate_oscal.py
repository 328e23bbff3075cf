"""Validates OSCAL assessment plans (one JSON document per stdin line) with compliance-trestle's OSCAL models,
which are generated from NIST's published OSCAL JSON schema. Prints one line per document: ok or the error."""
import json
import sys

from trestle.oscal.assessment_plan import AssessmentPlan

for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        AssessmentPlan.parse_obj(json.loads(line)["assessment-plan"])
        print("ok")
    except Exception as e:  # noqa: BLE001 - report any validation failure
        print("error: " + str(e).replace("\n", " | ")[:2000])
