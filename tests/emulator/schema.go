package emulator

import _ "embed"

// schemaJSON is the emulator's package schema: the tokens, properties and types of every
// resource and function it emulates, as published in @pulumi/alicloud 3.108.0. It is written
// by `go run ./tests/emulator/cmd/gen-schema` and checked against the package by the tests.
//
//go:embed schema.json
var schemaJSON string

// SchemaFile is the file, relative to this package, that holds the emulator's schema.
const SchemaFile = "schema.json"

// Tokens lists the type tokens of the emulated resources and functions, sorted.
func Tokens() (resourceTokens, functionTokens []string) {
	return sortedKeys(kinds), sortedKeys(functions)
}
