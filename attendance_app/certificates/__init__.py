"""Certificate documents (the PDF writer)."""
