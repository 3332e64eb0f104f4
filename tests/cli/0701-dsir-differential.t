#!/bin/bash
# ds-dsir --hash dsir against DSIR's definition (DEFINITIONS.md section 5),
# computed independently in Python (hashlib, re): model counts bucket by
# bucket, and logw (1e-9 relative) and length of every raw record.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

tap_lines < <(python3 "$DS_SRC/tests/cli/dsir_reference.py" differential "$DS_BIN/ds-dsir" "$DATA" "$T")

done_testing
