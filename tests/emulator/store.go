package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
)

// StateEnvVar names the environment variable that holds the path of the JSON
// state file shared by every emulator process of one test.
const StateEnvVar = "ALICLOUD_EMULATOR_STATE"

// Record is one emulated cloud resource as stored in the state file.
type Record struct {
	// ID is the cloud id (eip-..., vsw-..., or a composite id for
	// associations and attachments).
	ID string `json:"id"`
	// Type is the Pulumi type token, or "internal:primaryNetworkInterface"
	// for the primary ENI that an instance owns.
	Type string `json:"type"`
	// Region is the region of the provider configuration that created it.
	Region string `json:"region"`
	// URN is the Pulumi URN of the resource, when Pulumi created it.
	URN string `json:"urn,omitempty"`
	// Provider holds the provider configuration (Configure arguments) of the
	// provider instance that created the resource, secrets masked.
	Provider map[string]any `json:"provider"`
	// Inputs are the inputs of the last create or update.
	Inputs obj `json:"inputs"`
	// Attrs are the stored output properties.
	Attrs obj `json:"attrs"`
	// Internal holds emulator bookkeeping (status, attached instance, IPv6
	// address ids, reboot counter...).
	Internal obj `json:"internal,omitempty"`
}

// State is the whole emulated cloud.
type State struct {
	// Resources maps id to record.
	Resources map[string]*Record `json:"resources"`
	// Serial counts operations; it seeds IPv6 blocks and busy windows.
	Serial int `json:"serial"`
	// Busy maps a VPC id to the serial until which a CIDR operation is in
	// progress on it (only used when the busy window is enabled).
	Busy map[string]int64 `json:"busy,omitempty"`
}

// of returns the records of one type, sorted by id.
func (s *State) of(typ string) []*Record {
	var out []*Record
	for _, r := range s.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// get returns a record of the given type and region.
func (s *State) get(typ, id, region string) (*Record, bool) {
	r, ok := s.Resources[id]
	if !ok || r.Type != typ || r.Region != region {
		return nil, false
	}
	return r, true
}

// store persists State in a JSON file guarded by an flock, or in memory
// when path is empty.
type store struct {
	path string
	mu   sync.Mutex
	mem  *State
}

// withState loads the state under an exclusive lock, runs fn, and saves the
// state if fn succeeded and write is true.
func (st *store) withState(write bool, fn func(*State) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.path == "" {
		if st.mem == nil {
			st.mem = &State{Resources: map[string]*Record{}}
		}
		snapshot, err := json.Marshal(st.mem)
		if err != nil {
			return err
		}
		if err := fn(st.mem); err != nil || !write {
			restored := &State{}
			if uerr := json.Unmarshal(snapshot, restored); uerr == nil {
				st.mem = restored
			}
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(st.path), 0o755); err != nil {
		return fmt.Errorf("state file %s: cannot create its folder: %w", st.path, err)
	}
	lock, err := os.OpenFile(st.path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("state file %s: cannot open lock file: %w", st.path, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("state file %s: cannot lock: %w", st.path, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck
	state, err := readState(st.path)
	if err != nil {
		return err
	}
	if err := fn(state); err != nil {
		return err
	}
	if !write {
		return nil
	}
	return writeState(st.path, state)
}

func readState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(data) == 0) {
		return &State{Resources: map[string]*Record{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	s := &State{}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("state file %s is not valid emulator JSON: %w (delete it to start from an empty cloud)", path, err)
	}
	if s.Resources == nil {
		s.Resources = map[string]*Record{}
	}
	return s, nil
}

func writeState(path string, s *State) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// LoadState reads a state file; tests use it to assert on the emulated cloud.
func LoadState(path string) (*State, error) { return readState(path) }
