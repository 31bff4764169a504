"""HTTP service over routing/: storage, a job queue run by worker processes, the API and the pages."""
