package engine

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed queries.sql
var queriesSQL string

// queries holds the sections of queries.sql by name.
var queries = splitQueries(queriesSQL)

// splitQueries cuts a file of "-- name: X" sections into a map of name to SQL.
func splitQueries(text string) map[string]string {
	out := map[string]string{}
	parts := strings.Split(text, "-- name: ")
	for _, p := range parts[1:] {
		name, body, _ := strings.Cut(p, "\n")
		out[strings.TrimSpace(name)] = strings.TrimSpace(body)
	}
	return out
}

// query returns the named query of queries.sql; a missing name is a bug here.
func query(name string) string {
	q, ok := queries[name]
	if !ok {
		panic(fmt.Sprintf("engine: no query %q in queries.sql", name))
	}
	return q
}
