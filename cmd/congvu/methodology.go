package main

import (
	"io"

	"github.com/spf13/cobra"

	"congvu/engine"
)

func newMethodologyCmd(stdout, _ io.Writer) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "methodology [--file FILE.yaml]",
		Short: "Print the embedded methodology (weights, scales, thresholds, rule sets), or check a file and print it merged",
		Long: `Without --file, prints the embedded default methodology file, with its comments.
With --file, reads FILE over the default (key by key; "extends: none" replaces the default
whole), checks it, and prints the merged result; an error names the file, the line and the key.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := engine.Methodology(file)
			if err != nil {
				return usageError{err}
			}
			_, err = stdout.Write(out)
			return err
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "a methodology file to check and merge over the default")
	return cmd
}
