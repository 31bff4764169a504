"""HTTP service (thin over routing/); arrives with the API issue."""
