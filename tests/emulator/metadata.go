package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Instance metadata service constants, as on Alibaba Cloud.
const (
	// MetadataAddress is the address the guests reach the metadata service at.
	MetadataAddress = "100.100.100.200"
	// MetadataTokenHeader carries the hardened mode's session token on every request.
	MetadataTokenHeader = "X-aliyun-ecs-metadata-token"
	// MetadataTokenTTLHeader carries the lifetime in seconds (1 to 21600) a
	// PUT /latest/api/token asks for.
	MetadataTokenTTLHeader = "X-aliyun-ecs-metadata-token-ttl-seconds"
	maxTokenTTL            = 21600
)

// Metadata serves the instance metadata service of the emulated instances
// (http://100.100.100.200/latest/...) from a state file. It reads the state at
// every request, so an EIP associated, an ENI attached or detached or a
// private IP added by any emulator process shows at once.
//
// The instance is InstanceID, or when that is empty the instance one of whose
// ENIs holds the caller's source address, as the real service tells
// instances apart by where a request comes from.
type Metadata struct {
	// StatePath is the emulator's state file.
	StatePath string
	// InstanceID, when set, is the instance every request is answered for.
	InstanceID string

	mu           sync.Mutex
	requireToken bool
	tokens       map[string]time.Time // token -> expiry
	down         bool
	requests     int
}

// NewMetadata returns the metadata service of the emulated cloud in statePath;
// instanceID may be empty (see Metadata.InstanceID).
func NewMetadata(statePath, instanceID string) *Metadata {
	return &Metadata{StatePath: statePath, InstanceID: instanceID, tokens: map[string]time.Time{}}
}

// RequireToken switches the hardened mode on or off: when on, every request
// but PUT /latest/api/token needs a valid token in MetadataTokenHeader. A
// token that is present but unknown or expired is refused in either mode.
func (m *Metadata) RequireToken(on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requireToken = on
}

// SetDown makes the service answer 503 to everything (on) or serve again.
func (m *Metadata) SetDown(on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = on
}

// Requests counts the requests answered so far.
func (m *Metadata) Requests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests
}

// ServeHTTP answers one metadata request.
func (m *Metadata) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests++
	down, hardened := m.down, m.requireToken
	m.mu.Unlock()
	if down {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path == "/latest/api/token" {
		m.serveToken(w, r)
		return
	}
	if tok := r.Header.Get(MetadataTokenHeader); tok != "" || hardened {
		if !m.validToken(tok) {
			http.Error(w, "Unauthorized: a valid "+MetadataTokenHeader+" header is required", http.StatusUnauthorized)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st, err := LoadState(m.StatePath)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	inst := m.instance(st, r.RemoteAddr)
	if inst == nil {
		http.NotFound(w, r)
		return
	}
	body, ok := metadataItem(st, inst, r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(body))
}

// serveToken answers PUT /latest/api/token.
func (m *Metadata) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		http.Error(w, "the token is created with PUT", http.StatusMethodNotAllowed)
		return
	}
	ttl, err := strconv.Atoi(r.Header.Get(MetadataTokenTTLHeader))
	if err != nil || ttl < 1 || ttl > maxTokenTTL {
		http.Error(w, MetadataTokenTTLHeader+" must be a number of seconds from 1 to 21600", http.StatusBadRequest)
		return
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	m.mu.Lock()
	m.tokens[tok] = time.Now().Add(time.Duration(ttl) * time.Second)
	m.mu.Unlock()
	_, _ = w.Write([]byte(tok))
}

// validToken reports whether tok was issued and has not expired.
func (m *Metadata) validToken(tok string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	exp, ok := m.tokens[tok]
	return ok && time.Now().Before(exp)
}

// instance returns the instance a request is answered for, or nil.
func (m *Metadata) instance(st *State, remote string) *Record {
	if m.InstanceID != "" {
		r := st.Resources[m.InstanceID]
		if r == nil || r.Type != TokenInstance {
			return nil
		}
		return r
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	for _, eni := range allEnis(st) {
		id := str(eni.Internal, "instanceId")
		if id != "" && containsStr(eniIPs(eni), host) {
			if inst := st.Resources[id]; inst != nil && inst.Type == TokenInstance {
				return inst
			}
		}
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// instanceEnis returns the ENIs attached to an instance by device index.
func instanceEnis(st *State, inst *Record) []*Record {
	enis := attachedEnis(st, inst.ID)
	sort.SliceStable(enis, func(i, j int) bool {
		a, _ := num(enis[i].Internal, "deviceIndex")
		b, _ := num(enis[j].Internal, "deviceIndex")
		return a < b
	})
	return enis
}

// listing renders the items of a folder, folders with a trailing slash.
func listing(items ...string) string { return strings.Join(items, "\n") + "\n" }

// metadataItem answers one path for an instance.
func metadataItem(st *State, inst *Record, path string) (string, bool) {
	switch path {
	case "/latest/", "/latest":
		return listing("api/", "meta-data/", "user-data"), true
	case "/latest/user-data":
		ud := userDataText(str(inst.Inputs, "userData"))
		return ud, ud != ""
	}
	rest, ok := strings.CutPrefix(path, "/latest/meta-data")
	if !ok {
		return "", false
	}
	rest = strings.TrimPrefix(rest, "/")
	enis := instanceEnis(st, inst)
	primary := primaryEni(st, inst)
	if primary == nil {
		return "", false
	}
	if mac, item, ok := strings.Cut(strings.TrimPrefix(rest, "network/interfaces/macs/"), "/"); ok && strings.HasPrefix(rest, "network/interfaces/macs/") {
		for _, eni := range enis {
			if strings.EqualFold(str(eni.Attrs, "mac"), mac) {
				return eniItem(st, eni, item)
			}
		}
		return "", false
	}
	sw := st.Resources[str(primary.Attrs, "vswitchId")]
	top := map[string]string{
		"instance-id":            inst.ID,
		"instance/instance-type": str(inst.Attrs, "instanceType"),
		"instance/instance-name": str(inst.Attrs, "instanceName"),
		"image-id":               str(inst.Inputs, "imageId"),
		"hostname":               str(inst.Attrs, "hostName"),
		"region-id":              inst.Region,
		"zone-id":                str(inst.Attrs, "availabilityZone"),
		"owner-account-id":       "1234567890123456",
		"network-type":           "vpc",
		"mac":                    str(primary.Attrs, "mac"),
		"private-ipv4":           str(primary.Attrs, "primaryIpAddress"),
		"vpc-id":                 str(inst.Attrs, "vpcId"),
		"vswitch-id":             str(primary.Attrs, "vswitchId"),
		"vpc-cidr-block":         vpcCidr(st, primary),
		"eipv4":                  natEip(st, primary, str(primary.Attrs, "primaryIpAddress")),
	}
	if sw != nil {
		top["vswitch-cidr-block"] = str(sw.Attrs, "cidrBlock")
	}
	switch rest {
	case "":
		var items []string
		for k, v := range top {
			if v != "" && !strings.Contains(k, "/") {
				items = append(items, k)
			}
		}
		sort.Strings(items)
		return listing(append([]string{"instance/", "network/"}, items...)...), true
	case "instance/":
		return listing("instance-name", "instance-type"), true
	case "network/":
		return listing("interfaces/"), true
	case "network/interfaces/":
		return listing("macs/"), true
	case "network/interfaces/macs/", "network/interfaces/macs":
		var macs []string
		for _, eni := range enis {
			macs = append(macs, str(eni.Attrs, "mac")+"/")
		}
		return listing(macs...), true
	}
	v := top[rest]
	return v, v != ""
}

// eniItems are the items under network/interfaces/macs/<mac>/.
var eniItems = []string{"gateway", "ipv6-gateway", "ipv6s", "netmask", "network-interface-id", "primary-ip-address",
	"private-ipv4s", "vpc-cidr-block", "vpc-id", "vpc-ipv6-cidr-blocks", "vswitch-cidr-block", "vswitch-id", "vswitch-ipv6-cidr-block"}

// eniItem answers one item of an ENI; "" lists them.
func eniItem(st *State, eni *Record, item string) (string, bool) {
	if item == "" {
		return listing(eniItems...), true
	}
	sw := st.Resources[str(eni.Attrs, "vswitchId")]
	var prefix netip.Prefix
	var v6 string
	if sw != nil {
		prefix = switchPrefix(sw)
		v6 = str(sw.Attrs, "ipv6CidrBlock")
	}
	quoted := func(xs []string) string {
		b, _ := json.Marshal(xs)
		return string(b)
	}
	switch item {
	case "network-interface-id":
		return eni.ID, true
	case "primary-ip-address":
		return str(eni.Attrs, "primaryIpAddress"), true
	case "private-ipv4s":
		return quoted(eniIPs(eni)), true
	case "netmask":
		if !prefix.IsValid() {
			return "", false
		}
		return net.IP(net.CIDRMask(prefix.Bits(), 32)).String(), true
	case "gateway":
		if !prefix.IsValid() {
			return "", false
		}
		return gatewayOf(prefix).String(), true
	case "vswitch-cidr-block":
		return prefix.String(), prefix.IsValid()
	case "vswitch-id":
		return str(eni.Attrs, "vswitchId"), true
	case "vpc-id":
		return str(eni.Internal, "vpcId"), true
	case "vpc-cidr-block":
		v := vpcCidr(st, eni)
		return v, v != ""
	case "ipv6s":
		ips := strList(eni.Attrs, "ipv6Addresses")
		return quoted(ips), len(ips) > 0
	case "vswitch-ipv6-cidr-block":
		return v6, v6 != ""
	case "vpc-ipv6-cidr-blocks":
		if vpc := st.Resources[str(eni.Internal, "vpcId")]; vpc != nil {
			if b := str(vpc.Internal, "ipv6CidrBlock"); b != "" {
				return quoted([]string{b}), true
			}
		}
		return "", false
	case "ipv6-gateway":
		p, err := netip.ParsePrefix(v6)
		if err != nil {
			return "", false
		}
		return gatewayOf(p).String(), true
	}
	return "", false
}

// gatewayOf is a vSwitch's gateway: the third-to-last address of its block
// (.253 in a /24), the first of the three reserved at the end. For IPv6 the
// same rule is inferred.
func gatewayOf(p netip.Prefix) netip.Addr {
	last := p.Masked().Addr()
	b := last.AsSlice()
	bits := p.Bits()
	for i := range b {
		for j := 0; j < 8; j++ {
			if i*8+j >= bits {
				b[i] |= 0x80 >> j
			}
		}
	}
	b[len(b)-1] -= 2
	a, _ := netip.AddrFromSlice(b)
	return a
}

// vpcCidr returns the primary IPv4 block of an ENI's VPC.
func vpcCidr(st *State, eni *Record) string {
	if vpc := st.Resources[str(eni.Internal, "vpcId")]; vpc != nil {
		return str(vpc.Attrs, "cidrBlock")
	}
	return ""
}

// natEip returns the public address of the EIP associated in NAT mode with
// one private IP of an ENI, or "".
func natEip(st *State, eni *Record, ip string) string {
	a := associationOnIP(st, eni.ID, ip)
	if a == nil || str(a.Attrs, "mode") != "NAT" {
		return ""
	}
	if eip := st.Resources[str(a.Attrs, "allocationId")]; eip != nil {
		return str(eip.Attrs, "ipAddress")
	}
	return ""
}

// NatBinding is one EIP associated in NAT mode: the twin's router translates
// PublicIP to PrivateIP and back.
type NatBinding struct {
	// AllocationID is the EIP's id.
	AllocationID string
	// PublicIP is the EIP's address.
	PublicIP string
	// PrivateIP is the private address it is bound to.
	PrivateIP string
	// EniID and MAC name the ENI that holds PrivateIP.
	EniID, MAC string
}

// NatBindings lists the NAT-mode EIP associations on the ENIs attached to an
// instance, sorted by public address.
func NatBindings(st *State, instanceID string) []NatBinding {
	var out []NatBinding
	for _, a := range st.of(TokenEipAssociation) {
		if str(a.Attrs, "mode") != "NAT" {
			continue
		}
		eni := st.Resources[str(a.Internal, "eniId")]
		eip := st.Resources[str(a.Attrs, "allocationId")]
		if eni == nil || eip == nil || str(eni.Internal, "instanceId") != instanceID {
			continue
		}
		out = append(out, NatBinding{AllocationID: eip.ID, PublicIP: str(eip.Attrs, "ipAddress"),
			PrivateIP: str(a.Attrs, "privateIpAddress"), EniID: eni.ID, MAC: str(eni.Attrs, "mac")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PublicIP < out[j].PublicIP })
	return out
}

// userDataText returns the user data as the instance reads it: the alicloud
// provider sends user data that is not base64 encoded as it is and the
// metadata service serves it decoded, so a base64 value is decoded when it
// decodes to text.
func userDataText(v string) string {
	if v == "" {
		return ""
	}
	if b, err := base64.StdEncoding.DecodeString(v); err == nil && utf8.Valid(b) {
		return string(b)
	}
	return v
}

// InstanceUserData returns the user data of an instance as the guest reads it.
func InstanceUserData(st *State, instanceID string) string {
	if inst := st.Resources[instanceID]; inst != nil {
		return userDataText(str(inst.Inputs, "userData"))
	}
	return ""
}

// Nic is an ENI attached to an instance, as a VM's network card sees it.
type Nic struct {
	// EniID is the ENI's id and MAC its address.
	EniID, MAC string
	// DeviceIndex is its order on the instance (0: the primary ENI).
	DeviceIndex int
	// PrimaryIP is the address DHCP gives it; Prefix the vSwitch block and
	// Gateway the vSwitch gateway.
	PrimaryIP string
	Prefix    netip.Prefix
	Gateway   netip.Addr
}

// InstanceNics lists the ENIs attached to an instance by device index.
func InstanceNics(st *State, instanceID string) []Nic {
	inst := st.Resources[instanceID]
	if inst == nil {
		return nil
	}
	var out []Nic
	for _, eni := range instanceEnis(st, inst) {
		n := Nic{EniID: eni.ID, MAC: str(eni.Attrs, "mac"), PrimaryIP: str(eni.Attrs, "primaryIpAddress")}
		n.DeviceIndex, _ = num(eni.Internal, "deviceIndex")
		if sw := st.Resources[str(eni.Attrs, "vswitchId")]; sw != nil {
			n.Prefix = switchPrefix(sw)
			n.Gateway = gatewayOf(n.Prefix)
		}
		out = append(out, n)
	}
	return out
}
