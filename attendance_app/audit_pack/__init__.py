"""Audit packs (issue #18, ADR 0024): one ZIP per activity, or per course run and date range, holding
what an accrediting body asks a sponsor to keep: the roster with credits, every prompt shown and
what the learner did with it, every visit, the claims and certificates, and the rules each credit
was given under, with a manifest and SHA-256 sums.

:mod:`.scope` checks who asks and for what, :mod:`.tables` reads the rows, :mod:`.rules_file` writes
``rules.json``, :mod:`.builder` writes the ZIP and :mod:`.delivery` serves it "Now" or "Via email".
This module stays import-light: the reports registry reads its kind and title.
"""

from django.utils.translation import gettext_lazy as _

#: The pack's kind among the files made "Via email" (``ReportFile.kind``) and its file format.
KIND = "audit-pack"
FILE_FORMAT = "zip"
TITLE = _("Audit pack")
