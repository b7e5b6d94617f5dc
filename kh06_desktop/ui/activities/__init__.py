"""Pages of the activity records: trainings, study sessions, hardship support, the women's
committee and activities by solution group."""
