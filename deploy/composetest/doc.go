// Package composetest checks the Docker deployment of the project without
// Docker: it loads docker-compose.yml with compose-go (the Compose CLI's own
// loader) and checks the services, their wiring, the images, the published
// ports and the search attributes the init job registers against
// contract.SearchAttributes(). Its tests are the whole package.
package composetest
