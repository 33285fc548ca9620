// Command etcd is a thin wrapper around the upstream etcd server entry point
// from the go.etcd.io/etcd/server/v3 module (same as etcd's own server/main.go).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
