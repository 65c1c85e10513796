package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"congvu/engine"
	"congvu/ingest"
	"congvu/reports"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitError carries an exit code other than failure out of a command.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func asExit(err error, target *exitError) bool { return errors.As(err, target) }

// usageError marks a mistake in the command line.
type usageError struct{ error }

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra's own flag and argument errors
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown command", "unknown shorthand", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// common holds the flags several commands share.
type common struct {
	store   string
	in      []string
	out     string
	asOf    string
	mapping string
	lang    string
	quiet   bool
}

func (c *common) asOfDate() (time.Time, error) {
	if c.asOf == "" {
		return engine.Today(), nil
	}
	t, err := time.Parse("2006-01-02", c.asOf)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("--as-of %q: want YYYY-MM-DD", c.asOf)}
	}
	return t, nil
}

func (c *common) reportLang() (reports.Lang, error) {
	switch strings.ToLower(c.lang) {
	case "", "vi":
		return reports.Vietnamese, nil
	case "en":
		return reports.English, nil
	}
	return "", usageError{fmt.Errorf("--lang %q: want vi or en", c.lang)}
}

func (c *common) loadMapping() (*ingest.Mapping, error) {
	if c.mapping == "" {
		return nil, nil
	}
	m, err := ingest.LoadMapping(c.mapping)
	if err != nil {
		return nil, usageError{err}
	}
	return m, nil
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "congvu",
		Short: "Analytics of public-service discipline and performance (một cửa, camera, SIPAS)",
		Long: `congvu loads a province's one-stop dossier logs, counter-camera incidents and citizen
surveys into an embedded DuckDB store and writes Excel workbooks a civil servant can read.

Exit codes: 0 ok, 1 failure, 2 usage, 3 finished but some rows were rejected.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newRunCmd(stdout, stderr), newIngestCmd(stdout, stderr), newReportCmd(stdout, stderr), newExportCmd(stdout, stderr))
	root.AddCommand(newMethodologyCmd(stdout, stderr), newIndexCmd(stdout, stderr))
	return root
}
