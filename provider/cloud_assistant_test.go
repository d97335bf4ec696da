package provider

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
)

// piecePattern finds the piece of the installation a delivered command carries.
var piecePattern = regexp.MustCompile(`piece='([A-Za-z0-9+/=]*)'`)

// deliveredInstaller reassembles the installation the Cloud Assistant commands of component
// "svc" carry, as the last command does on the instance.
func deliveredInstaller(t *testing.T, m *mockCloud) string {
	t.Helper()
	var payload strings.Builder
	for k := 1; k <= guestnet.DeliveryParts; k++ {
		name := fmt.Sprintf("svc-guest-part-%d", k)
		if k == guestnet.DeliveryParts {
			name = "svc-guest-command"
		}
		content := m.byName(t, name).Inputs["commandContent"].StringValue()
		assert.LessOrEqual(t, len(content), guestnet.MaxCommandContent, "%s fits one Cloud Assistant command", name)
		script, err := base64.StdEncoding.DecodeString(content)
		require.NoError(t, err)
		match := piecePattern.FindStringSubmatch(string(script))
		require.NotNil(t, match, "%s stores a piece", name)
		payload.WriteString(match[1])
	}
	gz, err := base64.StdEncoding.DecodeString(payload.String())
	require.NoError(t, err)
	r, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}
