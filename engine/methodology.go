package engine

import "congvu/metrics"

// Methodology returns the methodology file to print: the embedded default as it is
// (comments and all) when path is "", else the default merged with the file at
// path, checked, as YAML. Errors name the file, the line and the key.
func Methodology(path string) ([]byte, error) {
	if path == "" {
		return metrics.DefaultMethodologyYAML(), nil
	}
	m, err := metrics.LoadMethodology(path)
	if err != nil {
		return nil, err
	}
	out, err := metrics.MarshalMethodology(m)
	if err != nil {
		return nil, err
	}
	head := "# congvu methodology: the embedded default merged with " + path + ", checked.\n"
	return append([]byte(head), out...), nil
}

// LoadMethodology reads the methodology (the embedded default when path is "").
func LoadMethodology(path string) (*metrics.Methodology, error) {
	return metrics.LoadMethodology(path)
}
