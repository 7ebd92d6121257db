// Package objectstore is the cluster as Flux's libraries read it offline: Get of a ConfigMap or
// Secret by namespace and name, the API server's NotFound for a missing one. Substitution
// (LoadVariables) and Helm's valuesFrom (ChartValuesFromReferences) both call Get only.
package objectstore

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Store holds the ConfigMaps and Secrets a request brings. The embedded client.Client is nil:
// any method but Get would panic, which the engine reports as engine-failed.
type Store struct {
	client.Client
	// What holds these objects, for the error on any other kind ("substitution sources").
	holder     string
	configMaps map[client.ObjectKey]*corev1.ConfigMap
	secrets    map[client.ObjectKey]*corev1.Secret
}

// New makes an empty Store; holder names it in errors.
func New(holder string) *Store {
	return &Store{holder: holder, configMaps: map[client.ObjectKey]*corev1.ConfigMap{}, secrets: map[client.ObjectKey]*corev1.Secret{}}
}

// AddConfigMap keeps cm under its namespace and name.
func (s *Store) AddConfigMap(cm *corev1.ConfigMap) { s.configMaps[client.ObjectKeyFromObject(cm)] = cm }

// AddSecret keeps secret under its namespace and name.
func (s *Store) AddSecret(secret *corev1.Secret) {
	s.secrets[client.ObjectKeyFromObject(secret)] = secret
}

// Get copies the kept ConfigMap or Secret into obj, or returns NotFound.
func (s *Store) Get(_ context.Context, key client.ObjectKey, obj client.Object, _ ...client.GetOption) error {
	switch out := obj.(type) {
	case *corev1.ConfigMap:
		if cm, ok := s.configMaps[key]; ok {
			cm.DeepCopyInto(out)
			return nil
		}
		return apierrors.NewNotFound(corev1.Resource("configmaps"), key.Name)
	case *corev1.Secret:
		if secret, ok := s.secrets[key]; ok {
			secret.DeepCopyInto(out)
			return nil
		}
		return apierrors.NewNotFound(corev1.Resource("secrets"), key.Name)
	}
	return fmt.Errorf("%s hold ConfigMaps and Secrets only, not %T", s.holder, obj)
}
