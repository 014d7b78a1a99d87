"""Import KIS doc pages (docs/kis-pages/*.md) into spec files: `python -m codegen import`.

page.py reads the markdown into rows, trids.py reads the TR id cells, infer.py guesses types and
lengths, build.py assembles the spec (with doc_fix corrections), emit.py writes the YAML, paths.py
places it under spec/ (a realtime page: realtime.py builds it, realtime_place.py places it by its
title and TR id), run.py ties them together and checks the result with codegen.loader; tree.py
reads the specs already in spec/ (which page each is from, which are hand-written).
"""
