package emulator

import (
	"strings"
	"testing"
)

func TestCommandContentLimit(t *testing.T) {
	c := newTestCloud(t, "", nil)
	c.create(TokenCommand, "fits", obj{"type": "RunShellScript", "commandContent": strings.Repeat("A", MaxCommandContent)})
	_, _, err := c.tryCreate(TokenCommand, "too-long", obj{"type": "RunShellScript", "commandContent": strings.Repeat("A", MaxCommandContent+4)})
	requireCode(t, err, "InvalidCommandContent.LengthLimitExceeded")
}
