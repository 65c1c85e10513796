// Package reports writes congvu's Excel workbooks: the ingest/run report now,
// the indicator, scorecard and ranking sheets later. It turns result types
// into sheets and knows nothing of SQL, the store or ingest; its callers fill
// its input types (RunReport, …) and call a Write function.
//
// Example:
//
//	err := reports.WriteRunReport("run.xlsx", &reports.RunReport{
//		AsOf:        asOf,
//		GeneratedAt: time.Now(),
//		Store:       "congvu.duckdb",
//		Files:       files,
//		Rejects:     rejects,
//	}, reports.Options{Lang: reports.English})
//
// # Guarantees
//
// Workbooks are written atomically: to a temporary file in the target's
// directory, then renamed, so a reader never sees half a workbook. Text that
// comes from the input (values, paths, column names, reasons) is
// NFC-normalised and always written as a string cell: "=1+2" stays the text
// "=1+2", never a formula. Counts are number cells ("#,##0"), dates are date
// cells ("dd/mm/yyyy"), so a user can sort, filter and sum them.
//
// # Words
//
// Sheet names, headers and phrases are Vietnamese by default and English
// with Options.Lang = English. They all live in one table (labels.go), keyed
// by a short English id such as "col.read". Glossary: hồ sơ = case, tệp =
// file, dòng = row, cột = column, dòng bị loại = rejected row, dòng bị thay
// thế = superseded row, kho dữ liệu = store.
//
// # Adding a sheet
//
// Add its words to labels, describe its columns and write its rows:
//
//	t, err := w.newTable("sheet.officers", []column{
//		{"col.officer", 30, kindText},
//		{"col.cases", 12, kindCount},
//		{"col.on_time_rate", 12, kindPercent},
//	}, len(rows))
//	for _, r := range rows {
//		err = t.add(r.Name, r.Cases, r.OnTime)
//	}
//	err = t.close()
//
// newTable gives a bold, frozen header row with an autofilter; the column
// kind picks the number format. Free-form sheets (label/value pairs) use
// newSheet and put.
package reports
