package guestnet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cutThroughStatic(mut func(*Interface)) Config {
	return staticEni(func(i *Interface) {
		i.CutThrough, i.CIDR, i.PrimaryIP, i.Gateway, i.SecondaryIPs = true, "118.31.2.0/24", "118.31.2.253", "118.31.2.1", nil
		if mut != nil {
			mut(i)
		}
	})
}

func TestCutThroughChecks(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"static without gateway", cutThroughStatic(func(i *Interface) { i.Gateway = "" }),
			`interfaces[0].gateway "" is not another address of cidr 118.31.2.0/24: give the EIP's gateway from DescribeEipGatewayInfo`},
		{"static EIP outside its network", cutThroughStatic(func(i *Interface) { i.PrimaryIP = "47.0.0.1" }),
			`interfaces[0].primaryIp "47.0.0.1" is not an IPv4 address in cidr 118.31.2.0/24`},
		{"static with secondary addresses", cutThroughStatic(func(i *Interface) { i.SecondaryIPs = []string{"118.31.2.20"} }),
			"a cut-through ENI holds its EIP only"},
		{"on the primary ENI", Config{UsePrimaryEni: true, Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", CutThrough: true, Primary: true}}},
			"cutThrough is set on the primary ENI"},
		{"metadata with a bad gateway", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", CutThrough: true, Gateway: "x"}}},
			`interfaces[0].gateway "x" is not an IPv4 address`},
		{"metadata with a CIDR", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", CutThrough: true, CIDR: "118.31.2.0/24"}}},
			"interfaces[0].cidr is set in metadata mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestCutThroughRenders: the EIP's network is not a vSwitch, so an EIP that would
// be a vSwitch's reserved address (.253 of a /24) is accepted; in metadata mode a
// cut-through ENI is not listed, so every other secondary ENI stays managed.
func TestCutThroughRenders(t *testing.T) {
	r, err := Render(cutThroughStatic(nil))
	require.NoError(t, err)
	assert.Contains(t, r.Script, "eni secondary 00:16:3e:00:00:02 7101 118.31.2.0/24 118.31.2.1 118.31.2.253 - - - -")

	r, err = Render(Config{Interfaces: []Interface{{MAC: "00:16:3E:00:00:02", CutThrough: true, Gateway: "118.31.2.1"},
		{MAC: "00:16:3e:00:00:03", CutThrough: true, Table: 7200}}})
	require.NoError(t, err)
	assert.Contains(t, r.Script, "\nLISTED=''\n", "cut-through ENIs do not restrict management to a list")
	assert.Contains(t, r.Script, "\nCUT_THROUGH='00:16:3e:00:00:02 7101 118.31.2.1 00:16:3e:00:00:03 7200 -'\n")
	assert.Equal(t, 1, strings.Count(r.Script, "\nCUT_THROUGH="))
}
