#!/usr/bin/env bash
# Placeholder: the demo of the main job is written later.
echo "demo: not yet implemented"
exit 1
