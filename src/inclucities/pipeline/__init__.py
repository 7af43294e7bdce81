"""The notebook pipeline: plan the runs, execute them with papermill (cached, in parallel), clean the results."""
