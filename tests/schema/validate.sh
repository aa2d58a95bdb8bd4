#!/usr/bin/env bash
# Validates the bundled rule sets, levels and sample submissions against their XML schemas.
set -eu
root=$1
cd "$root"
xmllint --noout --schema rules/schema/rule-set.xsd $(find rules -name '*.xml' ! -name levels.xml | sort)
xmllint --noout --schema rules/schema/levels.xsd rules/levels.xml
xmllint --noout --schema rules/schema/submission.xsd $(find communes -name '*.xml' | sort)
