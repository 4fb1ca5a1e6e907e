"""Full screens: the incident list, the war room and the help. The post-mortem is in postmortem/."""
