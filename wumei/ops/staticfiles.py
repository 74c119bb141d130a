"""Static files for production: hashed names, compressed copies, cached by browsers for a year.

WhiteNoise serves what `wumei collectstatic` wrote under var/static — no Node, no CDN. The manifest storage
renames each file after its content (`wumei.1a2b3c4d5e6f.css`) and rewrites the references between them, so
WhiteNoise may mark them immutable (`Cache-Control: max-age=315360000, public, immutable`); an upgrade
changes the names of what changed. The vendored builds (wumei/static/vendor) end with `sourceMappingURL`
comments naming .map files that are not shipped: those comments are left as they are instead of failing
the whole collection.
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules
                      if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule))
        kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
