//go:build root

package guestnet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// vpcHostIP is a host of eth0's vSwitch that is no gateway.
const vpcHostIP = "192.168.0.10"

// addVpcHost puts a host with vpcHostIP on eth0's segment of the router and
// returns its namespace.
func addVpcHost(t *testing.T, tp topology) string {
	t.Helper()
	h := addNetns(t, "egv"+uniqueID())
	// A bridge takes the lowest MAC of its ports: set, it keeps its own, and
	// the guest's neighbour entry of the gateway stays right.
	mac := strings.TrimSpace(nsSh(t, tp.router, "cat", "/sys/class/net/br0/address"))
	nsSh(t, tp.router, "ip", "link", "set", "br0", "address", mac)
	sh(t, "ip", "link", "add", "name", "v0", "netns", h, "type", "veth", "peer", "name", "r-vpc", "netns", tp.router)
	nsSh(t, tp.router, "ip", "link", "set", "r-vpc", "master", "br0", "up")
	nsSh(t, h, "ip", "link", "set", "v0", "up")
	nsSh(t, h, "ip", "addr", "add", vpcHostIP+"/24", "dev", "v0")
	return h
}

// checkEth0AnswersTheVpc checks, by the guest's interface counters, that a
// host of eth0's vSwitch reaching eth0's own address is answered through
// eth0, and that nothing of it goes through an ENI, with the rules and
// tables of every ENI in place.
func checkEth0AnswersTheVpc(t *testing.T, tp topology, enis []testEni) {
	t.Helper()
	h := addVpcHost(t, tp)
	serveIn(t, tp.guest, eth0IP+":9001", remoteEcho())
	url := "http://" + eth0IP + ":9001/"
	assert.Equal(t, vpcHostIP, nsSh(t, h, "curl", "-sS", "--max-time", "5", url), "eth0's service sees the VPC host")
	rx0, tx0 := byteCounters(t, tp.guest, "eth0")
	eni0 := map[string][2]int{}
	for _, e := range enis {
		r, x := byteCounters(t, tp.guest, e.dev)
		eni0[e.dev] = [2]int{r, x}
	}
	nsSh(t, h, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", url+"bulk")
	rx1, tx1 := byteCounters(t, tp.guest, "eth0")
	assert.GreaterOrEqual(t, tx1-tx0, bulkSize, "the answer to eth0's address leaves through eth0")
	assert.GreaterOrEqual(t, rx1-rx0, 500, "the request and ACKs come in through eth0")
	for _, e := range enis {
		r, x := byteCounters(t, tp.guest, e.dev)
		assert.Less(t, x-eni0[e.dev][1], bulkSize/16, "nothing of the answer to eth0's address leaves through %s", e.dev)
		assert.Less(t, r-eni0[e.dev][0], bulkSize/16, "nothing to eth0's address comes in through %s", e.dev)
	}
}
