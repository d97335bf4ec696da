// Package alicloudversion holds the one definition of the alicloud provider plugin version
// eipkit pins. The components' bindings (provider/internal/alicloud) register and invoke with
// it, and the emulator (tests/emulator) reports it; neither may import the other, so the version
// lives in this leaf package, which imports nothing.
package alicloudversion

// Version is the alicloud provider plugin version eipkit pins.
const Version = "3.108.0"
