"""Rules about docking sessions, meeting requests and agendas."""
