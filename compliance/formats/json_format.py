"""Coverage as JSON: the documented, stable shape scripts depend on."""

from __future__ import annotations

import json

from compliance.assess import Assessment
from compliance.coverage_data import coverage_dict
from compliance.formats.interface import CoverageFormat


class JsonFormat(CoverageFormat):
    def format(self, assessment: Assessment) -> str:
        data = coverage_dict(assessment, framework=self.framework, gaps_only=self.gaps_only)
        return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
