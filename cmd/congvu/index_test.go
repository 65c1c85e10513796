package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMethodologyCmd(t *testing.T) {
	code, out, _ := runCLI(t, "methodology")
	if code != exitOK || !strings.Contains(out, "min_cases:") || !strings.HasPrefix(out, "# congvu methodology") {
		t.Errorf("methodology: exit %d, output %.200q", code, out)
	}
	dir := t.TempDir()
	good := writeCSV(t, dir, "good.yaml", "timeliness:\n  min_cases: 50\n")
	code, out, _ = runCLI(t, "methodology", "--file", good)
	if code != exitOK || !strings.Contains(out, "value: 50") {
		t.Errorf("methodology --file good: exit %d, output %.300q", code, out)
	}
	bad := writeCSV(t, dir, "bad.yaml", "timeliness:\n  compare: hour\n")
	code, _, stderr := runCLI(t, "methodology", "--file", bad)
	if code != exitUsage || !strings.Contains(stderr, bad+":2: timeliness.compare") {
		t.Errorf("methodology --file bad: exit %d, stderr %q", code, stderr)
	}
}

// TestIndexCmd runs the documented PCI example (examples/pci/README.md).
func TestIndexCmd(t *testing.T) {
	data := "../../../shared/realdata/pci/pci2016.csv"
	if _, err := os.Stat(data); err != nil {
		t.Skipf("real data not found at %s (../shared/realdata from the module root): %v", data, err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "pci.xlsx")
	code, stdout, stderr := runCLI(t, "index", "--in", data, "--method", "../../examples/pci/method.yaml", "--out", out)
	if code != exitOK || !strings.Contains(stdout, "63/63 totals within 0.001") || !strings.Contains(stdout, "63/63 ranks match") {
		t.Errorf("index: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	code, _, _ = runCLI(t, "index", "--in", data)
	if code != exitUsage {
		t.Errorf("index without --method: exit %d, want %d", code, exitUsage)
	}
}
