"""The roadshow (路演): the programme of the projects a roadshow call selected — sessions,
order and times, on site or online — and the audience's interest marked on the spot, which
becomes a docking interest (yingcai.docking) between the organisation and the project."""
