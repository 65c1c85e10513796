-- Display names of the keys of each dimension, from the reference tables.
SELECT 'unit' AS dim, unit_id AS key, name FROM units WHERE name IS NOT NULL AND unit_id IS NOT NULL
UNION ALL
SELECT 'district', unit_id, name FROM units WHERE name IS NOT NULL AND unit_id IS NOT NULL AND kind = 'district'
UNION ALL
SELECT 'officer', officer_id, full_name FROM officers WHERE full_name IS NOT NULL AND officer_id IS NOT NULL
UNION ALL
SELECT 'procedure', procedure_code, name FROM procedures WHERE name IS NOT NULL AND procedure_code IS NOT NULL
