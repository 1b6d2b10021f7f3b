{#- Cover of the printable page (print-site plugin, add_cover_page in mkdocs.yml). -#}
<div>
    <h1>{{ config.site_name }}</h1>
    {% if config.site_description %}
    <p>{{ config.site_description }}</p>
    {% endif %}
</div>

<table>
    {% if config.site_author %}
    <tr>
        <td>Auteur</td>
        <td>{{ config.site_author }}</td>
    </tr>
    {% endif %}
    {% if config.repo_url %}
    <tr>
        <td>Sources</td>
        <td><a href="{{ config.repo_url }}">{{ config.repo_url }}</a></td>
    </tr>
    {% endif %}
    {% if config.copyright %}
    <tr>
        <td>Droits</td>
        <td>{{ config.copyright }}</td>
    </tr>
    {% endif %}
</table>

<p>
    Chaque bloc de code de ce document est un fichier du dépôt, exécuté par ses tests.
</p>
