"""One module per NP6 resource: its schema, provider (check/diff/create/read/update/delete) and Pulumi class."""
