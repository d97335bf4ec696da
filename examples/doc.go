// Package examples holds the example programs of eipkit, one folder per language and
// scenario, and the test that keeps the README's usage snippets equal to the regions the
// programs mark with `[start NAME]` and `[end NAME]` comments.
package examples
