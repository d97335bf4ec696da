// Package harness runs Pulumi programs that use eipkit's Go SDK through the
// real Pulumi engine, eipkit's provider binary and the Alibaba Cloud emulator
// (tests/emulator): it finds the repository, builds the binaries, creates
// stacks on a file:// backend with their own emulated cloud, and collects the
// engine's events so callers can judge what the engine replaced. The
// end-to-end tests, the demo and the benchmarks share it.
package harness
