"""The browser editor: Decap CMS over records/ and drafts/, configured from the schema."""
