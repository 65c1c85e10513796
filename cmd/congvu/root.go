package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
	from    string
	to      string
	instant bool
	minCase int
	unverif bool
	method  string
}

func (c *common) asOfDate() (time.Time, error) {
	if c.asOf == "" {
		return engine.Today(), nil
	}
	return parseDay("--as-of", c.asOf)
}

// reportDates returns the as-of date and the period of the report: the as-of date
// defaults to --to when that is given, else it is left to the engine (the date of
// the last event in the store, at most today).
func (c *common) reportDates() (asOf, from, to time.Time, err error) {
	if c.from != "" {
		if from, err = parseDay("--from", c.from); err != nil {
			return
		}
	}
	if c.to != "" {
		if to, err = parseDay("--to", c.to); err != nil {
			return
		}
	}
	if c.asOf != "" {
		if asOf, err = parseDay("--as-of", c.asOf); err != nil {
			return
		}
	} else {
		asOf = to
	}
	switch {
	case !to.IsZero() && to.After(asOf):
		err = usageError{fmt.Errorf("--to %s is after --as-of %s: nothing after the as-of date is known", c.to, c.asOf)}
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		err = usageError{fmt.Errorf("--to %s is before --from %s", c.to, c.from)}
	}
	return
}

func parseDay(flag, v string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("%s %q: want YYYY-MM-DD", flag, v)}
	}
	return t, nil
}

// reportFlags adds the flags of the indicator period and comparison.
func (c *common) reportFlags(f *pflag.FlagSet) {
	f.StringVar(&c.from, "from", "", "first day of the report period YYYY-MM-DD (default 1 January of the as-of year)")
	f.StringVar(&c.to, "to", "", "last day of the report period YYYY-MM-DD (default the as-of date)")
	f.BoolVar(&c.instant, "compare-instants", false, "compare completion and due timestamps instead of calendar days")
	f.IntVar(&c.minCase, "min-cases", 0, "groups with fewer completed cases are flagged as too small to judge (default: the methodology's, 30)")
	f.BoolVar(&c.unverif, "include-unverified", false, "count camera incidents not marked verified")
	f.StringVar(&c.method, "methodology", "", "a methodology file (YAML) overriding the embedded default (see `congvu methodology`)")
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
	root.AddCommand(newScorecardCmd(stdout, stderr))
	return root
}
