"""Pages of the directory: staff screens (staff.py, taxonomy.py) and the public site
(public.py)."""
