"""Open data: exports, the feed, the contribution form's data, statistics, licences."""
