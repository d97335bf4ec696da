package emulator

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStateIsSharedAcrossProviderInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cloud.json")
	first := newTestCloud(t, path, obj{"region": "cn-hangzhou", "profile": "first"})
	second := newTestCloud(t, path, obj{"region": "cn-hangzhou", "profile": "second"})

	vpc, _ := first.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
	vsw, _ := second.create(TokenSwitch, "vsw", obj{"vpcId": vpc, "cidrBlock": "10.0.0.0/24", "zoneId": "cn-hangzhou-h"})
	_, _, err := first.tryCreate(TokenSwitch, "overlap", obj{"vpcId": vpc, "cidrBlock": "10.0.0.0/25", "zoneId": "cn-hangzhou-h"})
	requireCode(t, err, "InvalidCidrBlock.Overlapped")
	assert.Equal(t, "10.0.0.0/24", first.read(TokenSwitch, "vsw", vsw)["cidrBlock"])

	s := first.state()
	assert.Equal(t, "first", s.Resources[vpc].Provider["profile"])
	assert.Equal(t, "second", s.Resources[vsw].Provider["profile"])
	assert.Equal(t, "cn-hangzhou", s.Resources[vsw].Region)
	assert.Contains(t, s.Resources[vsw].URN, "vsw")

	// A provider of another region sees none of it.
	beijing := newTestCloud(t, path, obj{"region": "cn-beijing"})
	_, _, err = beijing.tryCreate(TokenSwitch, "cross", obj{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": "cn-beijing-a"})
	requireCode(t, err, "InvalidVpcId.NotFound")
	assert.Nil(t, beijing.read(TokenNetwork, "vpc", vpc))
	requireCode(t, beijing.del(TokenSwitch, "vsw", vsw), "InvalidRegionId.Mismatch")
	bjVpc, _ := beijing.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
	assert.Regexp(t, `^vpc-2ze`, bjVpc)
}

func TestSecretConfigIsMasked(t *testing.T) {
	c := newTestCloud(t, "", nil)
	cfg := fromPlain(obj{"region": "cn-shanghai", "accessKey": "AKID", "secretKey": "s3cr3t"}, map[string]bool{"secretKey": true})
	c2 := New(Options{StatePath: c.path})
	require.NoError(t, c2.Configure(t.Context(), configureRequest(cfg)))
	other := &testCloud{t: t, prov: c2, path: c.path}
	vpc, _ := other.create(TokenNetwork, "vpc", obj{})
	rec := other.state().Resources[vpc]
	assert.Equal(t, "cn-shanghai", rec.Region)
	assert.Equal(t, "AKID", rec.Provider["accessKey"])
	assert.Equal(t, "[secret]", rec.Provider["secretKey"])
	assert.Equal(t, "172.16.0.0/12", rec.Attrs["cidrBlock"], "the default VPC block")
}

func TestParallelCallsSeeOneCloud(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cloud.json")
	setup := newTestCloud(t, path, nil)
	n := setup.network("n", "10.0.0.0/16", "10.0.0.0/24")
	const workers, perWorker = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := 0; w < workers; w++ {
		c := newTestCloud(t, path, nil) // one provider instance per worker, like separate plugin processes
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				if _, _, err := c.tryCreate(TokenEni, fmt.Sprintf("w%d-%d", w, i), obj{"vswitchId": n.vsw, "privateIpsCount": float64(1)}); err != nil {
					errs <- err
				}
				if _, _, err := c.tryCreate(TokenEip, fmt.Sprintf("e%d-%d", w, i), obj{}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	seen := map[string]string{}
	eips := map[string]bool{}
	s := setup.state()
	for _, r := range s.Resources {
		switch r.Type {
		case TokenEni:
			for _, ip := range eniIPs(r) {
				require.Empty(t, seen[ip], "address %s given twice", ip)
				seen[ip] = r.ID
			}
		case TokenEip:
			ip := r.Attrs["ipAddress"].(string)
			require.False(t, eips[ip], "EIP %s given twice", ip)
			eips[ip] = true
		}
	}
	assert.Len(t, seen, workers*perWorker*2)
	assert.Len(t, eips, workers*perWorker)
}

func TestBusyWindowRefusesConcurrentCidrOperations(t *testing.T) {
	t.Setenv(BusyWindowEnvVar, "2")
	c := newTestCloud(t, "", nil)
	vpc, _ := c.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
	c.create(TokenCidrBlock, "a", obj{"vpcId": vpc, "secondaryCidrBlock": "11.0.0.0/16"})
	_, _, err := c.tryCreate(TokenCidrBlock, "b", obj{"vpcId": vpc, "secondaryCidrBlock": "12.0.0.0/16"})
	requireCode(t, err, "OperationConflict")
	c.create(TokenEip, "spacer1", obj{})
	c.create(TokenEip, "spacer2", obj{})
	c.create(TokenCidrBlock, "b", obj{"vpcId": vpc, "secondaryCidrBlock": "12.0.0.0/16"})
}
